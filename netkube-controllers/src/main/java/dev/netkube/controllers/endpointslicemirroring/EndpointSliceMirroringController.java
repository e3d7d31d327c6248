package dev.netkube.controllers.endpointslicemirroring;

import dev.netkube.controllers.endpoints.EndpointsController;
import dev.netkube.controllers.endpointslice.Slice;
import dev.netkube.controllers.endpointslice.SliceReconciler;
import dev.netkube.controllers.endpointslice.Views;
import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.EventRecorder;
import dev.netkube.controllers.runtime.Handlers;
import dev.netkube.controllers.runtime.ReconcileLoop;
import dev.netkube.controllers.runtime.Result;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * kube-controller-manager's endpointslice-mirroring-controller: the Endpoints a user writes for
 * a Service without a selector are mirrored to EndpointSlices (managed-by
 * endpointslicemirroring-controller.k8s.io, owned by the Endpoints), so that slice readers (the
 * proxy, DNS) see them. Not mirrored: Endpoints of services with a selector (the endpoint
 * controller's), of no service, labelled {@code endpointslice.kubernetes.io/skip-mirror: "true"}
 * (the API server's default/kubernetes) or holding a leader-election record.
 */
public final class EndpointSliceMirroringController implements Controller {
  public static final String NAME = "endpointslice-mirroring-controller";
  /** The FROM of its events, as upstream's recorder names it. */
  static final String EVENT_SOURCE = "endpoint-slice-mirroring-controller";
  static final String SKIP_MIRROR = "endpointslice.kubernetes.io/skip-mirror";
  static final String LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader";
  static final String BY_SERVICE = "endpointslicemirroring-controller/service";

  private final ReconcileLoop loop = new ReconcileLoop(NAME, this::reconcile);
  private final MirrorReconciler reconciler = new MirrorReconciler();
  private KubernetesClient client;
  private EventRecorder events;
  private SharedIndexInformer<Service> services;
  private SharedIndexInformer<Endpoints> endpoints;
  private SharedIndexInformer<EndpointSlice> slices;

  @Override
  public String name() { return NAME; }

  @Override
  public void register(ControllerContext context) {
    client = context.client();
    events = context.events(EVENT_SOURCE);
    services = context.informer(Service.class);
    endpoints = context.informer(Endpoints.class);
    slices = context.informer(EndpointSlice.class);
    slices.addIndexers(Map.of(BY_SERVICE, s -> {
      String svc = labels(s.getMetadata().getLabels()).get(SliceReconciler.LABEL_SERVICE_NAME);
      return svc == null ? List.of() : List.of(s.getMetadata().getNamespace() + "/" + svc);
    }));
    services.addEventHandler(Handlers.onAny(s -> loop.queue().add(Handlers.key(s))));
    endpoints.addEventHandler(Handlers.onAny(e -> loop.queue().add(Handlers.key(e))));
    slices.addEventHandler(Handlers.onChange((old, slice) -> {
      for (EndpointSlice s : java.util.Arrays.asList(old, slice)) {
        if (s == null || !managed(s)) continue;
        String svc = labels(s.getMetadata().getLabels()).get(SliceReconciler.LABEL_SERVICE_NAME);
        if (svc != null) loop.queue().addAfter(s.getMetadata().getNamespace() + "/" + svc, Duration.ofSeconds(1));
      }
    }));
  }

  @Override
  public void start() { loop.start(5); }

  @Override
  public void close() { loop.close(); }

  Result reconcile(String key) {
    String namespace = Handlers.namespaceOf(key);
    List<EndpointSlice> mirrored = new ArrayList<>();
    for (EndpointSlice s : slices.getIndexer().byIndex(BY_SERVICE, key)) {
      if (managed(s) && s.getMetadata().getDeletionTimestamp() == null) mirrored.add(s);
    }
    Endpoints ep = endpoints.getIndexer().getByKey(key);
    Service svc = services.getIndexer().getByKey(key);
    boolean mirror = ep != null && svc != null
        && (svc.getSpec() == null || svc.getSpec().getSelector() == null || svc.getSpec().getSelector().isEmpty())
        && !"true".equals(labels(ep.getMetadata().getLabels()).get(SKIP_MIRROR))
        && !labels(ep.getMetadata().getAnnotations()).containsKey(LEADER_ANNOTATION);
    var api = client.resources(EndpointSlice.class).inNamespace(namespace);
    if (!mirror) {
      for (EndpointSlice s : mirrored) api.withName(s.getMetadata().getName()).delete();
      return Result.DONE;
    }
    MirrorReconciler.Source source = new MirrorReconciler.Source(ep.getMetadata().getName(),
        labels(ep.getMetadata().getLabels()), labels(ep.getMetadata().getAnnotations()),
        EndpointsController.current(ep).subsets());
    Map<String, EndpointSlice> byName = new LinkedHashMap<>();
    List<MirrorReconciler.Mirror> existing = new ArrayList<>();
    for (EndpointSlice s : mirrored) {
      byName.put(s.getMetadata().getName(), s);
      Slice view = Views.slice(s, "");
      existing.add(new MirrorReconciler.Mirror(view.name(), view.addressType(), view.ports(), view.endpoints(),
          view.labels(), labels(s.getMetadata().getAnnotations())));
    }
    MirrorReconciler.Plan plan = reconciler.reconcile(source, existing);
    if (plan.invalidAddresses() > 0) {
      events.warning(ep, "InvalidIPAddress",
          "Skipped " + plan.invalidAddresses() + " invalid IP addresses when mirroring to EndpointSlices");
    }
    if (plan.skippedAddresses() > plan.invalidAddresses()) {
      events.warning(ep, "TooManyAddressesToMirror", "A max of " + MirrorReconciler.MAX_ENDPOINTS_PER_SUBSET
          + " addresses can be mirrored to EndpointSlices per Endpoints subset. " + plan.skippedAddresses()
          + " addresses were skipped");
    }
    if (ep.getMetadata().getDeletionTimestamp() == null) {
      for (MirrorReconciler.Mirror m : plan.create()) api.resource(build(ep, m, null)).create();
    }
    for (MirrorReconciler.Mirror m : plan.update()) api.resource(build(ep, m, byName.get(m.name()))).update();
    for (MirrorReconciler.Mirror m : plan.delete()) api.withName(m.name()).delete();
    return Result.DONE;
  }

  private static EndpointSlice build(Endpoints ep, MirrorReconciler.Mirror m, EndpointSlice existing) {
    EndpointSlice out;
    if (existing == null) {
      String name = ep.getMetadata().getName();
      out = new EndpointSliceBuilder().withNewMetadata()
          .withGenerateName(name.length() + 1 > 253 ? name : name + "-").withNamespace(ep.getMetadata().getNamespace())
          .withOwnerReferences(new OwnerReference("v1", true, true, "Endpoints", name, ep.getMetadata().getUid()))
          .endMetadata().build();
    } else {
      out = new EndpointSliceBuilder(existing).build();
    }
    out.getMetadata().setLabels(new LinkedHashMap<>(m.labels()));
    out.getMetadata().setAnnotations(new LinkedHashMap<>(m.annotations()));
    out.setAddressType(m.addressType());
    out.setPorts(new ArrayList<>(m.ports().stream().map(Views::toApi).toList()));
    out.setEndpoints(new ArrayList<>(m.endpoints().stream().map(Views::toApi).toList()));
    return out;
  }

  private static boolean managed(EndpointSlice s) {
    return MirrorReconciler.CONTROLLER_NAME.equals(labels(s.getMetadata().getLabels()).get(SliceReconciler.LABEL_MANAGED_BY));
  }

  private static Map<String, String> labels(Map<String, String> m) { return Objects.requireNonNullElse(m, Map.of()); }

}
