package dev.netkube.controllers.garbagecollector;

import dev.netkube.controllers.runtime.CompactingStore;
import dev.netkube.controllers.runtime.ObjectCompactor;
import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.ReconcileLoop;
import dev.netkube.controllers.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-controller-manager's garbage collector: deletes objects whose owners (metadata.ownerReferences)
 * are all gone, carries out foreground deletion (the owner's {@code foregroundDeletion} finalizer:
 * dependents first) and orphaning (the {@code orphan} finalizer: dependents lose the reference).
 *
 * <p>Watches every resource that can be listed, watched and deleted: the common built-in types
 * through the shared typed informers (one cache with the other controllers), everything else
 * (custom resources included) through generic informers from aggregated discovery, refreshed when
 * a CRD changes and every 30 seconds. Events are not watched, as upstream ignores them.
 */
public final class GarbageCollectorController implements Controller {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollectorController.class);
  static final String NAME = "garbage-collector-controller";

  /** Built-in types watched through the shared typed informers. */
  static final List<Class<? extends HasMetadata>> TYPED = List.of(
      Pod.class, ReplicaSet.class, Deployment.class, DaemonSet.class, StatefulSet.class, ControllerRevision.class,
      Job.class, CronJob.class, EndpointSlice.class, Endpoints.class, Service.class, ServiceAccount.class,
      ConfigMap.class, Secret.class, Lease.class, Namespace.class, Node.class, CustomResourceDefinition.class);

  /** Upstream's ignored resources (group/resource). */
  static final Set<String> IGNORED = Set.of("/events", "events.k8s.io/events");

  private final ReconcileLoop deletes;
  private final ReconcileLoop orphans;
  private final Queues queues;
  private final Graph graph;
  private final Set<String> typedKinds = new HashSet<>();
  private final Map<String, SharedIndexInformer<GenericKubernetesResource>> generic = new HashMap<>();
  private final AtomicBoolean rediscoveryPending = new AtomicBoolean();
  private final AtomicLong lastUnknownKindRediscovery = new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(1));
  private volatile ApiResources resources = new ApiResources();
  private KubernetesClient client;
  private ObjectCompactor compactor;
  private RawApi api;
  private volatile Collector collector;
  /** Discovery and starting informers block (initial lists): their own thread, not the shared timers. */
  private final ScheduledExecutorService discovery = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "garbagecollector-discovery");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;

  public GarbageCollectorController() {
    deletes = new ReconcileLoop("garbagecollector-attempt-to-delete", uid -> log(uid, collector.attemptToDelete(uid)));
    orphans = new ReconcileLoop("garbagecollector-attempt-to-orphan", uid -> log(uid, collector.attemptToOrphan(uid)));
    queues = new Queues() {
      @Override
      public void attemptToDelete(String uid) { deletes.queue().add(uid); }

      @Override
      public void attemptToOrphan(String uid) { orphans.queue().add(uid); }
    };
    graph = new Graph(queues);
  }

  @Override
  public String name() { return NAME; }

  @Override
  public void register(ControllerContext context) {
    client = context.client();
    compactor = context.compactor();
    api = new RawApi(client);
    collector = new Collector(graph, new LiveCluster(api, () -> resources, this::rediscoverForUnknownKind), queues);
    for (Class<? extends HasMetadata> type : TYPED) {
      String apiVersion = HasMetadata.getApiVersion(type);
      String kind = HasMetadata.getKind(type);
      typedKinds.add(groupOf(apiVersion) + "/" + kind);
      context.informer(type).addEventHandler(feed(apiVersion, kind));
    }
    context.informer(CustomResourceDefinition.class).addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(CustomResourceDefinition obj) { rediscoverSoon(); }

      @Override
      public void onUpdate(CustomResourceDefinition oldObj, CustomResourceDefinition newObj) { rediscoverSoon(); }

      @Override
      public void onDelete(CustomResourceDefinition obj, boolean unknown) { rediscoverSoon(); }
    });
  }

  @Override
  public void start() {
    deletes.start(4);
    orphans.start(2);
    discovery.scheduleWithFixedDelay(this::rediscover, 0, 30, TimeUnit.SECONDS);
  }

  private Result log(String uid, Outcome outcome) {
    if (!(outcome instanceof Outcome.Nothing)) LOG.debug("{}: {} → {}", NAME, uid, outcome);
    return Result.DONE;
  }

  /** Informer events of one type, as graph changes. */
  private <T extends HasMetadata> ResourceEventHandler<T> feed(String apiVersion, String kind) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) { graph.observe(info(obj, apiVersion, kind)); }

      @Override
      public void onUpdate(T oldObj, T newObj) { graph.observe(info(newObj, apiVersion, kind)); }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        String uid = obj.getMetadata().getUid();
        if (uid != null) graph.remove(uid);
      }
    };
  }

  static ObjectInfo info(HasMetadata obj, String apiVersion, String kind) {
    ObjectMeta m = obj.getMetadata();
    List<OwnerRef> owners = new ArrayList<>();
    if (m.getOwnerReferences() != null) {
      m.getOwnerReferences().forEach(o -> owners.add(new OwnerRef(nz(o.getApiVersion()), nz(o.getKind()), nz(o.getName()),
          nz(o.getUid()), Boolean.TRUE.equals(o.getBlockOwnerDeletion()))));
    }
    ObjectRef ref = new ObjectRef(apiVersion, kind, nz(m.getNamespace()), nz(m.getName()));
    Set<String> finalizers = m.getFinalizers() == null ? Set.of() : Set.copyOf(m.getFinalizers());
    return new ObjectInfo(ref, nz(m.getUid()), owners, m.getDeletionTimestamp() != null, finalizers);
  }

  /** An ownerReference of a kind discovery did not list: look again, at most every 5 s (it may be bogus). */
  private void rediscoverForUnknownKind() {
    long now = System.nanoTime();
    long last = lastUnknownKindRediscovery.get();
    if (now - last < TimeUnit.SECONDS.toNanos(5) || !lastUnknownKindRediscovery.compareAndSet(last, now)) return;
    rediscoverSoon();
  }

  private void rediscoverSoon() {
    if (!closed && rediscoveryPending.compareAndSet(false, true)) {
      discovery.schedule(() -> {
        rediscoveryPending.set(false);
        rediscover();
      }, 500, TimeUnit.MILLISECONDS);
    }
  }

  /** Discovery again: new resource types get an informer, vanished ones lose theirs. */
  private synchronized void rediscover() {
    if (closed) return;
    try {
      ApiResources found = ApiResources.discover(api);
      resources = found;
      Set<String> wanted = new HashSet<>();
      for (ApiResources.Resource r : found.preferred()) {
        String gr = r.group() + "/" + r.plural();
        if (!r.collectable() || IGNORED.contains(gr) || typedKinds.contains(r.group() + "/" + r.kind())) continue;
        wanted.add(gr);
        if (generic.containsKey(gr)) continue;
        ResourceDefinitionContext ctx = new ResourceDefinitionContext.Builder().withGroup(r.group())
            .withVersion(r.version()).withPlural(r.plural()).withKind(r.kind()).withNamespaced(r.namespaced()).build();
        try {
          SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(ctx).inAnyNamespace()
              .runnableInformer(0).itemStore(new CompactingStore<>(compactor));
          informer.addEventHandler(feed(r.apiVersion(), r.kind()));
          informer.run(); // as inform(): waits for the first list, throws when it fails
          generic.put(gr, informer);
          LOG.debug("{}: watching {}", NAME, gr);
        } catch (RuntimeException e) {
          LOG.warn("{}: cannot watch {}, will retry: {}", NAME, gr, e.toString());
        }
      }
      generic.entrySet().removeIf(e -> {
        if (wanted.contains(e.getKey())) return false;
        e.getValue().close();
        return true;
      });
    } catch (RuntimeException e) {
      LOG.warn("{}: discovery failed, will retry: {}", NAME, e.toString());
    }
  }

  private static String groupOf(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  private static String nz(String s) { return s == null ? "" : s; }

  @Override
  public void close() {
    closed = true;
    discovery.shutdownNow();
    deletes.close();
    orphans.close();
    synchronized (this) { // after a discovery pass under way: it may still add informers
      generic.values().forEach(SharedIndexInformer::close);
      generic.clear();
    }
  }
}
