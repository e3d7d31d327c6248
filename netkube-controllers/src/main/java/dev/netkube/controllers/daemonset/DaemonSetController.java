package dev.netkube.controllers.daemonset;

import dev.netkube.controllers.deployment.DeploymentCore;
import dev.netkube.controllers.deployment.PodTemplateHash;
import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.EventRecorder;
import dev.netkube.controllers.runtime.Handlers;
import dev.netkube.controllers.runtime.ReconcileLoop;
import dev.netkube.controllers.runtime.Result;
import dev.netkube.controllers.workload.Expectations;
import dev.netkube.controllers.workload.PodTemplates;
import dev.netkube.controllers.workload.Pods;
import dev.netkube.controllers.workload.WorkloadClient;
import dev.netkube.model.Json;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * kube-controller-manager's daemonset-controller: a pod on every eligible node, bound there by a
 * required node affinity on metadata.name (the scheduler does the binding), with the tolerations
 * upstream gives daemon pods; rolling updates within maxUnavailable.
 */
public final class DaemonSetController implements Controller {
  public static final String NAME = "daemonset-controller";
  public static final String TEMPLATE_GENERATION = "pod-template-generation";

  private final ReconcileLoop loop = new ReconcileLoop(NAME, this::reconcile);
  private final Expectations expectations = new Expectations();
  private KubernetesClient client;
  private WorkloadClient writes;
  private SharedIndexInformer<DaemonSet> sets;
  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<Node> nodes;
  private EventRecorder events;
  private ControllerContext context;

  @Override
  public String name() { return NAME; }

  @Override
  public void register(ControllerContext context) {
    this.context = context;
    client = context.client();
    writes = WorkloadClient.of(context, NAME);
    events = context.events(NAME);
    sets = context.informer(DaemonSet.class);
    pods = context.informer(Pod.class);
    nodes = context.informer(Node.class);
    sets.addEventHandler(Handlers.onAny(ds -> loop.queue().add(Handlers.key(ds))));
    nodes.addEventHandler(Handlers.onChange((old, node) -> {
      if (old != null && node != null && Pods.labels(old).equals(Pods.labels(node))
          && Json.MAPPER.valueToTree(old.getSpec()).equals(Json.MAPPER.valueToTree(node.getSpec()))) return;
      sets.getIndexer().list().forEach(ds -> loop.queue().add(Handlers.key(ds)));
    }));
    pods.addEventHandler(Handlers.onChange((old, pod) -> {
      Pod p = pod != null ? pod : old;
      Optional<String> owner = Pods.controllerOf(p).filter(r -> "DaemonSet".equals(r.getKind()))
          .map(r -> p.getMetadata().getNamespace() + "/" + r.getName());
      if (owner.isEmpty()) return;
      if (old == null) expectations.creationObserved(owner.get());
      else if (pod == null || Pods.deleting(pod) && !Pods.deleting(old)) expectations.deletionObserved(owner.get(), Pods.key(p));
      loop.queue().add(owner.get());
    }));
  }

  @Override
  public void start() { loop.start(2); }

  @Override
  public void close() {
    loop.close();
    if (writes != null) writes.close();
  }

  private Result reconcile(String key) {
    DaemonSet ds = sets.getIndexer().getByKey(key);
    if (ds == null) {
      expectations.forget(key);
      return Result.DONE;
    }
    Instant now = context.clock().instant();
    String uid = ds.getMetadata().getUid();
    List<Pod> owned = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ds.getMetadata().getNamespace()).stream()
        .filter(p -> Pods.controllerOf(p).map(r -> uid.equals(r.getUid())).orElse(false)).toList();
    int collisions = ds.getStatus() == null || ds.getStatus().getCollisionCount() == null ? 0 : ds.getStatus().getCollisionCount();
    String hash = PodTemplateHash.of(ds.getSpec().getTemplate(), collisions);
    boolean rolling = ds.getSpec().getUpdateStrategy() == null || !"OnDelete".equals(ds.getSpec().getUpdateStrategy().getType());
    int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
    List<Node> allNodes = nodes.getIndexer().list();
    DaemonSetCore.Plan first = DaemonSetCore.plan(allNodes, owned, ds.getSpec().getTemplate().getSpec(), hash, rolling, 0, minReady, now);
    int maxUnavailable = maxUnavailable(ds, first.counts().desired());
    DaemonSetCore.Plan plan = DaemonSetCore.plan(allNodes, owned, ds.getSpec().getTemplate().getSpec(), hash, rolling,
        maxUnavailable, minReady, now);
    if (expectations.satisfied(key, now) && !Pods.deleting(ds)) {
      for (Pod p : plan.failed()) {
        events.warning(ds, "FailedDaemonPod", "Found failed daemon pod " + Pods.key(p) + " on node "
            + DaemonSetCore.targetNode(p).orElse("") + ", will try to kill it");
      }
      if (!plan.delete().isEmpty()) {
        expectations.expectDeletions(key, plan.delete().stream().map(Pods::key).toList(), now);
        writes.deletePods(plan.delete(), ds, events, new CopyOnWriteArrayList<>(), p -> expectations.deletionObserved(key, Pods.key(p)));
      }
      if (!plan.createOn().isEmpty()) {
        expectations.expectCreations(key, plan.createOn().size(), now);
        for (String node : plan.createOn()) {
          if (!writes.createPod(podFor(ds, node, hash), ds, events, new CopyOnWriteArrayList<>())) expectations.creationObserved(key);
        }
      }
    }
    writeStatus(ds, plan.counts());
    Optional<Duration> recheck = owned.stream().map(p -> Pods.untilAvailable(p, minReady, now)).flatMap(Optional::stream).min(Duration::compareTo);
    return recheck.<Result>map(d -> Result.requeueAfter(d.plusMillis(100))).orElse(Result.DONE);
  }

  private static int maxUnavailable(DaemonSet ds, int desired) {
    var ru = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getRollingUpdate();
    IntOrString v = ru == null ? null : ru.getMaxUnavailable();
    int n = v == null ? 1 : DeploymentCore.scaled(v.getIntVal() != null ? String.valueOf(v.getIntVal()) : v.getStrVal(), desired, true);
    return Math.max(1, n);
  }

  /** The template, the hash labels, daemon tolerations and a required affinity to this node alone. */
  private static Pod podFor(DaemonSet ds, String node, String hash) {
    Pod pod = PodTemplates.newPod(ds.getSpec().getTemplate(), ds, PodTemplates.generateName(ds.getMetadata().getName()), "",
        Map.of(DaemonSetCore.HASH_LABEL, hash, TEMPLATE_GENERATION, String.valueOf(ds.getMetadata().getGeneration())), Map.of());
    var spec = pod.getSpec();
    spec.setTolerations(NodeEligibility.withDaemonTolerations(spec.getTolerations(), Boolean.TRUE.equals(spec.getHostNetwork())));
    AffinityBuilder affinity = spec.getAffinity() == null ? new AffinityBuilder() : new AffinityBuilder(spec.getAffinity());
    spec.setAffinity(affinity.editOrNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .withNodeSelectorTerms(new NodeSelectorTermBuilder().withMatchFields(new NodeSelectorRequirementBuilder()
            .withKey("metadata.name").withOperator("In").withValues(node).build()).build())
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
    return pod;
  }

  private void writeStatus(DaemonSet ds, DaemonSetCore.Counts c) {
    DaemonSetStatus old = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
    DaemonSetStatus status = new DaemonSetStatus(old.getCollisionCount(), old.getConditions(), c.current(), c.desired(),
        c.available(), c.misscheduled(), c.ready(), c.unavailable(), ds.getMetadata().getGeneration(), c.updated());
    if (Json.MAPPER.valueToTree(old).equals(Json.MAPPER.valueToTree(status))) return;
    DaemonSet updated = new DaemonSetBuilder(ds).withStatus(status).build();
    writes.updateStatus(() -> client.apps().daemonSets().inNamespace(ds.getMetadata().getNamespace()).resource(updated).updateStatus());
  }
}
