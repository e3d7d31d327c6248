package dev.netkube.controllers.endpointslice;

import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.EventRecorder;
import dev.netkube.controllers.runtime.Handlers;
import dev.netkube.controllers.runtime.ReconcileLoop;
import dev.netkube.controllers.runtime.Result;
import dev.netkube.controllers.runtime.SelectorIndex;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * kube-controller-manager's endpointslice-controller: every Service with a selector gets
 * discovery.k8s.io/v1 EndpointSlices listing the pods it selects ({@link SliceReconciler} decides,
 * this class reads the caches and writes). Services without a selector (like default/kubernetes,
 * whose slice the API server keeps) and ExternalName services are left alone, as are slices
 * without this controller's managed-by label.
 */
public final class EndpointSliceController implements Controller {
  public static final String NAME = "endpointslice-controller";
  /** The FROM of its events, as upstream's recorder names it. */
  static final String EVENT_SOURCE = "endpoint-slice-controller";
  static final String BY_SERVICE = "endpointslice-controller/service";
  /** Upstream's endpointSliceChangeMinSyncDelay: slice changes by others are batched for a second. */
  static final Duration SLICE_CHANGE_DELAY = Duration.ofSeconds(1);
  static final Duration STALE_RETRY = Duration.ofMillis(200);

  private final ReconcileLoop loop = new ReconcileLoop(NAME, this::reconcile);
  private final SliceReconciler reconciler;
  private final SliceTracker tracker = new SliceTracker();
  private final TriggerTimes triggerTimes = new TriggerTimes();
  private final int workers;
  private KubernetesClient client;
  private EventRecorder events;
  private SharedIndexInformer<Service> services;
  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<Node> nodes;
  private SharedIndexInformer<EndpointSlice> slices;

  public EndpointSliceController() { this(SliceReconciler.MAX_ENDPOINTS_PER_SLICE, 5); }

  /** @param workers upstream's --concurrent-service-endpoint-syncs (default 5) */
  public EndpointSliceController(int maxEndpointsPerSlice, int workers) {
    this.reconciler = new SliceReconciler(maxEndpointsPerSlice);
    this.workers = workers;
  }

  @Override
  public String name() { return NAME; }

  @Override
  public void register(ControllerContext context) {
    client = context.client();
    events = context.events(EVENT_SOURCE);
    services = context.informer(Service.class);
    pods = context.informer(Pod.class);
    nodes = context.informer(Node.class);
    slices = context.informer(EndpointSlice.class);
    slices.addIndexers(Map.of(BY_SERVICE, s -> {
      String svc = labels(s.getMetadata()).get(SliceReconciler.LABEL_SERVICE_NAME);
      return svc == null ? List.of() : List.of(s.getMetadata().getNamespace() + "/" + svc);
    }));
    indexSelectors(services, pods);
    services.addEventHandler(Handlers.onAny(s -> loop.queue().add(Handlers.key(s))));
    pods.addEventHandler(Handlers.onChange((old, pod) -> servicesToSync(services, old, pod).forEach(loop.queue()::add)));
    slices.addEventHandler(Handlers.onChange(this::onSliceChange));
  }

  @Override
  public void start() { loop.start(workers); }

  @Override
  public void close() { loop.close(); }

  /**
   * The services a pod event concerns (upstream's pod projection): none when nothing that shapes
   * an endpoint changed; when only labels changed, the services it joined or left; else all
   * services that select it before or after.
   */
  public static Set<String> servicesToSync(SharedIndexInformer<Service> services, Pod old, Pod pod) {
    if (old != null && pod != null) {
      if (old.getMetadata().getResourceVersion() != null
          && old.getMetadata().getResourceVersion().equals(pod.getMetadata().getResourceVersion())) return Set.of();
      PodView before = Views.pod(old);
      PodView after = Views.pod(pod);
      boolean changed = before.endpointDiffers(after);
      boolean membership = before.membershipDiffers(after);
      if (!changed && !membership) return Set.of();
      Set<String> now = selecting(services, after);
      if (!membership) return now;
      Set<String> then = selecting(services, before);
      Set<String> out = new HashSet<>();
      if (changed) {
        out.addAll(now);
        out.addAll(then);
      } else {
        for (String k : now) if (!then.contains(k)) out.add(k);
        for (String k : then) if (!now.contains(k)) out.add(k);
      }
      return out;
    }
    return selecting(services, Views.pod(pod != null ? pod : old));
  }

  /** The indexes the endpoint controllers look selectors up in (pods by label, services by selector). */
  public static void indexSelectors(SharedIndexInformer<Service> services, SharedIndexInformer<Pod> pods) {
    SelectorIndex.bySelector(services, EndpointSliceController::selectorOf);
    SelectorIndex.byLabels(pods);
  }

  static Map<String, String> selectorOf(Service s) { return s.getSpec() == null ? null : s.getSpec().getSelector(); }

  private static Set<String> selecting(SharedIndexInformer<Service> services, PodView pod) {
    Set<String> keys = new HashSet<>();
    for (Service s : SelectorIndex.selecting(services, pod.namespace(), pod.labels(), EndpointSliceController::selectorOf)) {
      keys.add(Handlers.key(s));
    }
    return keys;
  }

  /** The pods of the service's namespace its selector picks (an index lookup, not a scan). */
  public static List<Pod> selectedPods(SharedIndexInformer<Pod> pods, ServiceView svc) {
    Map<String, String> selector = svc.selector().orElse(Map.of());
    if (selector.isEmpty()) {
      // selector: {} picks every pod of the namespace (the API server never stores it: omitempty)
      return svc.selector().isPresent() ? pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, svc.namespace()) : List.of();
    }
    return SelectorIndex.selectedBy(pods, svc.namespace(), selector);
  }

  private void onSliceChange(EndpointSlice old, EndpointSlice slice) {
    if (slice == null) {
      if (managed(old) && !tracker.expectedDeletion(seen(old))) queueFor(old);
      return;
    }
    if (old == null) {
      if (managed(slice) && tracker.shouldSync(seen(slice))) queueFor(slice);
      return;
    }
    String svc = labels(slice.getMetadata()).get(SliceReconciler.LABEL_SERVICE_NAME);
    String oldSvc = labels(old.getMetadata()).get(SliceReconciler.LABEL_SERVICE_NAME);
    if (!java.util.Objects.equals(svc, oldSvc)) {
      queueFor(slice);
      queueFor(old);
    } else if (managed(old) != managed(slice) || (managed(slice) && tracker.shouldSync(seen(slice)))) {
      queueFor(slice);
    }
  }

  private void queueFor(EndpointSlice slice) {
    String svc = labels(slice.getMetadata()).get(SliceReconciler.LABEL_SERVICE_NAME);
    if (svc != null && !svc.isEmpty()) loop.queue().addAfter(slice.getMetadata().getNamespace() + "/" + svc, SLICE_CHANGE_DELAY);
  }

  private static boolean managed(EndpointSlice s) {
    return SliceReconciler.CONTROLLER_NAME.equals(labels(s.getMetadata()).get(SliceReconciler.LABEL_MANAGED_BY));
  }

  private static SliceTracker.Seen seen(EndpointSlice s) {
    String svc = labels(s.getMetadata()).getOrDefault(SliceReconciler.LABEL_SERVICE_NAME, "");
    return new SliceTracker.Seen(s.getMetadata().getNamespace() + "/" + svc, s.getMetadata().getUid(),
        s.getMetadata().getResourceVersion());
  }

  Result reconcile(String key) {
    Service service = services.getIndexer().getByKey(key);
    if (service == null) {
      // Its slices go with it: the garbage collector follows their ownerReferences.
      triggerTimes.forget(key);
      tracker.forget(key);
      return Result.DONE;
    }
    ServiceView svc = Views.service(service);
    if (svc.externalName() || svc.selector().isEmpty()) return Result.DONE;

    List<PodView> podViews = selectedPods(pods, svc).stream().map(Views::pod).toList();
    Map<String, EndpointSlice> current = new LinkedHashMap<>();
    for (EndpointSlice s : slices.getIndexer().byIndex(BY_SERVICE, key)) {
      if (managed(s) && s.getMetadata().getDeletionTimestamp() == null) current.put(s.getMetadata().getName(), s);
    }
    if (tracker.stale(key, current.values().stream().map(EndpointSliceController::seen).toList())) {
      // The cache has not seen our last writes yet: acting now could duplicate slices. Upstream
      // returns an error (a rate-limited retry); a lagging watch is normal under load, so look
      // again shortly without counting it as a failure.
      return Result.requeueAfter(STALE_RETRY);
    }
    Optional<Instant> trigger = triggerTimes.compute(svc, podViews);
    Map<String, Optional<String>> zones = new HashMap<>();
    for (PodView p : podViews) {
      if (zones.containsKey(p.nodeName()) || p.nodeName().isEmpty()) continue;
      Node node = nodes.getIndexer().getByKey(p.nodeName());
      if (node != null) zones.put(p.nodeName(), Optional.ofNullable(labels(node.getMetadata()).get(ZONE_LABEL)));
    }
    SlicePlan plan = reconciler.reconcile(svc, podViews, zones,
        current.values().stream().map(s -> Views.slice(s, svc.uid())).toList());
    try {
      apply(service, svc, plan, current, trigger);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 && e.getMessage() != null && e.getMessage().contains("is being terminated")) return Result.DONE;
      if (e.getCode() != 409) {
        events.warning(service, "FailedToUpdateEndpointSlices",
            "Error updating Endpoint Slices for Service " + key + ": " + e.getMessage());
      }
      throw e;
    }
    if (!plan.skippedPods().isEmpty()) {
      String missing = "skipping Pod " + String.join(", ", plan.skippedPods()) + " for Service " + key + ": Node Not Found";
      events.warning(service, "FailedToUpdateEndpointSlices", "Error updating Endpoint Slices for Service " + key + ": " + missing);
      throw new IllegalStateException(missing);
    }
    return Result.DONE;
  }

  static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  private void apply(Service service, ServiceView svc, SlicePlan plan, Map<String, EndpointSlice> current,
      Optional<Instant> trigger) {
    var api = client.resources(EndpointSlice.class).inNamespace(svc.namespace());
    for (Slice s : plan.create()) {
      EndpointSlice created = api.resource(newSlice(service, s, trigger)).create();
      tracker.written(seen(created));
    }
    for (Slice s : plan.update()) {
      EndpointSlice updated = api.resource(updatedSlice(current.get(s.name()), s, trigger)).update();
      tracker.written(seen(updated));
    }
    for (Slice s : plan.delete()) {
      EndpointSlice gone = current.get(s.name());
      api.withName(s.name()).delete();
      if (gone != null) tracker.deleted(seen(gone));
    }
  }

  static EndpointSlice newSlice(Service service, Slice s, Optional<Instant> trigger) {
    String name = service.getMetadata().getName();
    // Upstream's prefix: "<service>-" unless that is no longer a valid name.
    String prefix = name.length() + 1 > 253 ? name : name + "-";
    OwnerReference owner = new OwnerReference("v1", true, true, "Service", name, service.getMetadata().getUid());
    EndpointSlice out = new EndpointSliceBuilder()
        .withNewMetadata().withGenerateName(prefix).withNamespace(service.getMetadata().getNamespace())
        .withLabels(new LinkedHashMap<>(s.labels())).withOwnerReferences(owner).endMetadata()
        .withAddressType(s.addressType())
        .build();
    fill(out, s, trigger);
    return out;
  }

  static EndpointSlice updatedSlice(EndpointSlice existing, Slice s, Optional<Instant> trigger) {
    EndpointSlice out = new EndpointSliceBuilder(existing).build();
    out.getMetadata().setLabels(new LinkedHashMap<>(s.labels()));
    fill(out, s, trigger);
    return out;
  }

  private static void fill(EndpointSlice out, Slice s, Optional<Instant> trigger) {
    out.setPorts(new ArrayList<>(s.ports().stream().map(Views::toApi).toList()));
    out.setEndpoints(new ArrayList<>(s.endpoints().stream().map(Views::toApi).toList()));
    Map<String, String> annotations = new LinkedHashMap<>(labels(out.getMetadata().getAnnotations()));
    if (trigger.isPresent()) annotations.put(TriggerTimes.ANNOTATION, Views.rfc3339Nano(trigger.get()));
    else annotations.remove(TriggerTimes.ANNOTATION);
    out.getMetadata().setAnnotations(annotations);
  }

  private static Map<String, String> labels(ObjectMeta meta) { return labels(meta.getLabels()); }

  private static Map<String, String> labels(Map<String, String> m) { return m == null ? Map.of() : m; }
}
