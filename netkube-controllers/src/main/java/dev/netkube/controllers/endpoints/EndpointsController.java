package dev.netkube.controllers.endpoints;

import dev.netkube.controllers.endpointslice.EndpointSliceController;
import dev.netkube.controllers.endpointslice.PodView;
import dev.netkube.controllers.endpointslice.ServiceView;
import dev.netkube.controllers.endpointslice.TriggerTimes;
import dev.netkube.controllers.endpointslice.Views;
import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.EventRecorder;
import dev.netkube.controllers.runtime.Handlers;
import dev.netkube.controllers.runtime.ReconcileLoop;
import dev.netkube.controllers.runtime.Result;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kube-controller-manager's endpoint-controller: the legacy core/v1 Endpoints named as each
 * Service with a selector ({@link EndpointSubsets} decides).
 * Endpoints of services without a selector are the user's and left alone; Endpoints whose
 * service is gone are deleted (also those left from before a restart), as upstream.
 */
public final class EndpointsController implements Controller {
  public static final String NAME = "endpoint-controller";
  /** client-go's leader-election record: such Endpoints have no service and must stay. */
  static final String LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader";

  private final ReconcileLoop loop = new ReconcileLoop(NAME, this::reconcile);
  private final TriggerTimes triggerTimes = new TriggerTimes();
  private final int workers;
  private KubernetesClient client;
  private EventRecorder events;
  private SharedIndexInformer<Service> services;
  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<Endpoints> endpoints;

  public EndpointsController() { this(5); }

  /** @param workers upstream's --concurrent-endpoint-syncs (default 5) */
  public EndpointsController(int workers) { this.workers = workers; }

  @Override
  public String name() { return NAME; }

  @Override
  public void register(ControllerContext context) {
    client = context.client();
    events = context.events(NAME);
    services = context.informer(Service.class);
    pods = context.informer(Pod.class);
    endpoints = context.informer(Endpoints.class);
    EndpointSliceController.indexSelectors(services, pods);
    services.addEventHandler(Handlers.onAny(s -> loop.queue().add(Handlers.key(s))));
    pods.addEventHandler(Handlers.onChange((old, pod) ->
        EndpointSliceController.servicesToSync(services, old, pod).forEach(loop.queue()::add)));
    endpoints.addEventHandler(Handlers.onChange((old, ep) -> {
      if (ep == null) loop.queue().add(Handlers.key(old));
    }));
  }

  @Override
  public void start() {
    // Leftovers: Endpoints whose service went away while no controller ran.
    for (Endpoints ep : endpoints.getIndexer().list()) {
      Map<String, String> annotations = ep.getMetadata().getAnnotations();
      if (annotations == null || !annotations.containsKey(LEADER_ANNOTATION)) loop.queue().add(Handlers.key(ep));
    }
    loop.start(workers);
  }

  @Override
  public void close() { loop.close(); }

  Result reconcile(String key) {
    String namespace = Handlers.namespaceOf(key);
    String name = Handlers.nameOf(key);
    Service service = services.getIndexer().getByKey(key);
    if (service == null) {
      client.endpoints().inNamespace(namespace).withName(name).delete();
      triggerTimes.forget(key);
      return Result.DONE;
    }
    ServiceView svc = Views.service(service);
    if (svc.externalName() || svc.selector().isEmpty()) return Result.DONE;

    List<PodView> selected = new ArrayList<>();
    for (Pod p : EndpointSliceController.selectedPods(pods, svc)) selected.add(Views.pod(p));
    Optional<Instant> trigger = triggerTimes.compute(svc, selected);
    EndpointSubsets.Wanted wanted = EndpointSubsets.wanted(svc, selected);

    Endpoints current = endpoints.getIndexer().getByKey(key);
    boolean create = current == null;
    if (!create && EndpointSubsets.upToDate(current(current), svc, wanted)) return Result.DONE;

    Endpoints out = create
        ? new EndpointsBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata().build()
        : new EndpointsBuilder(current).build();
    out.getMetadata().setLabels(new LinkedHashMap<>(wanted.labels()));
    Map<String, String> annotations = new LinkedHashMap<>(
        out.getMetadata().getAnnotations() == null ? Map.of() : out.getMetadata().getAnnotations());
    if (trigger.isPresent()) annotations.put(TriggerTimes.ANNOTATION, Views.rfc3339Nano(trigger.get()));
    else annotations.remove(TriggerTimes.ANNOTATION);
    if (wanted.truncated()) annotations.put(EndpointSubsets.OVER_CAPACITY, EndpointSubsets.TRUNCATED);
    else annotations.remove(EndpointSubsets.OVER_CAPACITY);
    out.getMetadata().setAnnotations(annotations);
    out.setSubsets(new ArrayList<>(wanted.subsets().stream().map(EndpointsController::toApi).toList()));
    try {
      if (create) client.endpoints().inNamespace(namespace).resource(out).create();
      else client.endpoints().inNamespace(namespace).resource(out).update();
    } catch (KubernetesClientException e) {
      if (create && e.getCode() == 403 && String.valueOf(e.getMessage()).contains("is being terminated")) return Result.DONE;
      if (e.getCode() != 409) {
        if (create) events.warning(out, "FailedToCreateEndpoint", "Failed to create endpoint for service " + key + ": " + e.getMessage());
        else events.warning(out, "FailedToUpdateEndpoint", "Failed to update endpoint " + key + ": " + e.getMessage());
      }
      throw e;
    }
    return Result.DONE;
  }

  /** An Endpoints object as the cores read it. */
  public static EndpointSubsets.Current current(Endpoints ep) {
    List<EndpointSubsets.Subset> subsets = new ArrayList<>();
    for (EndpointSubset s : orEmpty(ep.getSubsets())) {
      List<EndpointSubsets.Port> ports = new ArrayList<>();
      for (EndpointPort p : orEmpty(s.getPorts())) {
        ports.add(new EndpointSubsets.Port(p.getName() == null ? "" : p.getName(), p.getPort() == null ? 0 : p.getPort(),
            p.getProtocol() == null ? "TCP" : p.getProtocol(), Optional.ofNullable(p.getAppProtocol())));
      }
      subsets.add(new EndpointSubsets.Subset(addresses(s.getAddresses()), addresses(s.getNotReadyAddresses()), ports));
    }
    return new EndpointSubsets.Current(subsets,
        ep.getMetadata().getLabels() == null ? Map.of() : ep.getMetadata().getLabels(),
        ep.getMetadata().getAnnotations() == null ? Map.of() : ep.getMetadata().getAnnotations());
  }

  private static List<EndpointSubsets.Address> addresses(List<EndpointAddress> in) {
    List<EndpointSubsets.Address> out = new ArrayList<>();
    for (EndpointAddress a : orEmpty(in)) {
      ObjectReference r = a.getTargetRef();
      out.add(new EndpointSubsets.Address(a.getIp(), Optional.ofNullable(a.getHostname()).filter(h -> !h.isEmpty()),
          Optional.ofNullable(a.getNodeName()).filter(n -> !n.isEmpty()),
          r == null ? Optional.empty() : Optional.of(new EndpointSubsets.TargetRef(nn(r.getKind()), nn(r.getNamespace()),
              nn(r.getName()), nn(r.getUid())))));
    }
    return out;
  }

  static EndpointSubset toApi(EndpointSubsets.Subset s) {
    EndpointSubset out = new EndpointSubset();
    out.setAddresses(new ArrayList<>(s.addresses().stream().map(EndpointsController::toApi).toList()));
    out.setNotReadyAddresses(new ArrayList<>(s.notReadyAddresses().stream().map(EndpointsController::toApi).toList()));
    out.setPorts(new ArrayList<>(s.ports().stream()
        .map(p -> new EndpointPort(p.appProtocol().orElse(null), p.name().isEmpty() ? null : p.name(), p.port(), p.protocol()))
        .toList()));
    return out;
  }

  private static EndpointAddress toApi(EndpointSubsets.Address a) {
    EndpointAddress out = new EndpointAddress();
    out.setIp(a.ip());
    out.setHostname(a.hostname().orElse(null));
    out.setNodeName(a.nodeName().orElse(null));
    a.targetRef().ifPresent(r -> {
      ObjectReference ref = new ObjectReference();
      ref.setKind(r.kind());
      ref.setNamespace(r.namespace());
      ref.setName(r.name());
      ref.setUid(r.uid());
      out.setTargetRef(ref);
    });
    return out;
  }

  private static String nn(String s) { return s == null ? "" : s; }

  private static <T> List<T> orEmpty(List<T> l) { return l == null ? List.of() : l; }
}
