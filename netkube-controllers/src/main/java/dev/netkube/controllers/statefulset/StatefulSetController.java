package dev.netkube.controllers.statefulset;

import dev.netkube.controllers.deployment.PodTemplateHash;
import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.EventRecorder;
import dev.netkube.controllers.runtime.Handlers;
import dev.netkube.controllers.runtime.ReconcileLoop;
import dev.netkube.controllers.runtime.Result;
import dev.netkube.controllers.workload.PodTemplates;
import dev.netkube.controllers.workload.Pods;
import dev.netkube.controllers.workload.WorkloadClient;
import dev.netkube.model.Json;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kube-controller-manager's statefulset-controller: ordinal pods with a stable identity
 * (hostname {@code <set>-<i>}, subdomain = serviceName, so the headless service gives each a DNS
 * name), ordered or parallel, rolling updates from the highest ordinal. No volume claim templates.
 */
public final class StatefulSetController implements Controller {
  public static final String NAME = "statefulset-controller";
  public static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
  public static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

  private final ReconcileLoop loop = new ReconcileLoop(NAME, this::reconcile);
  private KubernetesClient client;
  private WorkloadClient writes;
  private SharedIndexInformer<StatefulSet> sets;
  private SharedIndexInformer<Pod> pods;
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
    sets = context.informer(StatefulSet.class);
    pods = context.informer(Pod.class);
    sets.addEventHandler(Handlers.onAny(s -> loop.queue().add(Handlers.key(s))));
    pods.addEventHandler(Handlers.onAny(p -> Pods.controllerOf(p).filter(r -> "StatefulSet".equals(r.getKind()))
        .ifPresent(r -> loop.queue().add(p.getMetadata().getNamespace() + "/" + r.getName()))));
  }

  @Override
  public void start() { loop.start(2); }

  @Override
  public void close() {
    loop.close();
    if (writes != null) writes.close();
  }

  private Result reconcile(String key) {
    StatefulSet set = sets.getIndexer().getByKey(key);
    if (set == null) return Result.DONE;
    Instant now = context.clock().instant();
    String uid = set.getMetadata().getUid();
    String name = set.getMetadata().getName();
    List<Pod> owned = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, set.getMetadata().getNamespace()).stream()
        .filter(p -> Pods.controllerOf(p).map(r -> uid.equals(r.getUid())).orElse(false)).toList();
    StatefulSetStatus old = set.getStatus() == null ? new StatefulSetStatus() : set.getStatus();
    int collisions = old.getCollisionCount() == null ? 0 : old.getCollisionCount();
    String updateRevision = name + "-" + PodTemplateHash.of(set.getSpec().getTemplate(), collisions);
    String currentRevision = old.getCurrentRevision() == null || old.getCurrentRevision().isEmpty() ? updateRevision : old.getCurrentRevision();
    int replicas = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
    boolean parallel = "Parallel".equals(set.getSpec().getPodManagementPolicy());
    var strategy = set.getSpec().getUpdateStrategy();
    boolean onDelete = strategy != null && "OnDelete".equals(strategy.getType());
    int partition = onDelete ? Integer.MAX_VALUE : strategy == null || strategy.getRollingUpdate() == null
        || strategy.getRollingUpdate().getPartition() == null ? 0 : strategy.getRollingUpdate().getPartition();
    if (!Pods.deleting(set)) {
      StatefulSetCore.Step step = StatefulSetCore.step(name, replicas, parallel, partition, updateRevision, owned);
      for (int ordinal : step.create()) create(set, ordinal, updateRevision);
      for (Pod p : step.delete()) delete(set, p);
    }
    int minReady = set.getSpec().getMinReadySeconds() == null ? 0 : set.getSpec().getMinReadySeconds();
    StatefulSetCore.Counts c = StatefulSetCore.counts(owned, currentRevision, updateRevision, minReady, now);
    int current = c.current();
    if (c.updated() == replicas && c.ready() == replicas && c.replicas() == replicas) {
      currentRevision = updateRevision; // the rolling update is complete
      current = c.updated();
    }
    StatefulSetStatus status = new StatefulSetStatus(c.available(), old.getCollisionCount(), old.getConditions(), current,
        currentRevision, set.getMetadata().getGeneration(), c.ready(), c.replicas(), updateRevision, c.updated());
    if (!Json.MAPPER.valueToTree(old).equals(Json.MAPPER.valueToTree(status))) {
      StatefulSet updated = new StatefulSetBuilder(set).withStatus(status).build();
      writes.updateStatus(() -> client.apps().statefulSets().inNamespace(set.getMetadata().getNamespace()).resource(updated).updateStatus());
    }
    Optional<Duration> recheck = owned.stream().map(p -> Pods.untilAvailable(p, minReady, now)).flatMap(Optional::stream).min(Duration::compareTo);
    return recheck.<Result>map(d -> Result.requeueAfter(d.plusMillis(100))).orElse(Result.DONE);
  }

  /** The pod of one ordinal: its name, identity labels, hostname and subdomain. */
  static Pod podFor(StatefulSet set, int ordinal, String revision) {
    String podName = set.getMetadata().getName() + "-" + ordinal;
    Pod pod = PodTemplates.newPod(set.getSpec().getTemplate(), set, "", podName, Map.of(
        StatefulSetCore.REVISION_LABEL, revision, POD_NAME_LABEL, podName, POD_INDEX_LABEL, String.valueOf(ordinal)), Map.of());
    pod.getSpec().setHostname(podName);
    if (set.getSpec().getServiceName() != null && !set.getSpec().getServiceName().isEmpty()) {
      pod.getSpec().setSubdomain(set.getSpec().getServiceName());
    }
    return pod;
  }

  private void create(StatefulSet set, int ordinal, String revision) {
    Pod pod = podFor(set, ordinal, revision);
    String podName = pod.getMetadata().getName();
    try {
      client.pods().inNamespace(set.getMetadata().getNamespace()).resource(pod).create();
      events.normal(set, "SuccessfulCreate", "create Pod " + podName + " in StatefulSet " + set.getMetadata().getName() + " successful");
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) return; // made by an earlier sync; the cache has not seen it yet
      events.warning(set, "FailedCreate", "create Pod " + podName + " in StatefulSet " + set.getMetadata().getName()
          + " failed error: " + WorkloadClient.message(e));
      throw e;
    }
  }

  private void delete(StatefulSet set, Pod pod) {
    String podName = pod.getMetadata().getName();
    try {
      client.pods().inNamespace(set.getMetadata().getNamespace()).withName(podName).delete();
      events.normal(set, "SuccessfulDelete", "delete Pod " + podName + " in StatefulSet " + set.getMetadata().getName() + " successful");
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) return;
      events.warning(set, "FailedDelete", "delete Pod " + podName + " in StatefulSet " + set.getMetadata().getName()
          + " failed error: " + WorkloadClient.message(e));
      throw e;
    }
  }
}
