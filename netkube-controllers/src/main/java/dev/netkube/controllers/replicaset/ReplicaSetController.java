package dev.netkube.controllers.replicaset;

import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.EventRecorder;
import dev.netkube.controllers.runtime.Handlers;
import dev.netkube.controllers.runtime.ReconcileLoop;
import dev.netkube.controllers.runtime.Result;
import dev.netkube.controllers.workload.Expectations;
import dev.netkube.controllers.workload.Ownership;
import dev.netkube.controllers.workload.PodTemplates;
import dev.netkube.controllers.workload.Pods;
import dev.netkube.controllers.workload.Selectors;
import dev.netkube.controllers.workload.SlowStart;
import dev.netkube.controllers.workload.WorkloadClient;
import dev.netkube.model.select.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * kube-controller-manager's replicaset-controller: keeps spec.replicas pods of the template,
 * adopts matching orphans and releases pods that stopped matching, reports the status.
 */
public final class ReplicaSetController implements Controller {
  public static final String NAME = "replicaset-controller";

  private final ReconcileLoop loop = new ReconcileLoop(NAME, this::reconcile);
  private final Expectations expectations = new Expectations();
  private KubernetesClient client;
  private WorkloadClient writes;
  private SharedIndexInformer<ReplicaSet> sets;
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
    sets = context.informer(ReplicaSet.class);
    pods = context.informer(Pod.class);
    sets.addEventHandler(Handlers.onAny(rs -> loop.queue().add(Handlers.key(rs))));
    pods.addEventHandler(Handlers.onChange(this::podChanged));
  }

  @Override
  public void start() { loop.start(4); }

  @Override
  public void close() {
    loop.close();
    if (writes != null) writes.close();
  }

  // ---- events from the pod informer: expectations and which sets to look at

  private void podChanged(Pod old, Pod pod) {
    if (old == null) {
      Optional<String> owner = ownerKey(pod);
      if (owner.isPresent()) {
        if (Pods.deleting(pod)) expectations.deletionObserved(owner.get(), Pods.key(pod));
        else expectations.creationObserved(owner.get());
        loop.queue().add(owner.get());
      } else if (!Pods.deleting(pod)) {
        matchingSets(pod).forEach(loop.queue()::add);
      }
      return;
    }
    if (pod == null) {
      ownerKey(old).ifPresent(k -> {
        expectations.deletionObserved(k, Pods.key(old));
        loop.queue().add(k);
      });
      return;
    }
    if (Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) return;
    Optional<String> owner = ownerKey(pod);
    Optional<String> oldOwner = ownerKey(old);
    if (Pods.deleting(pod) && !Pods.deleting(old)) owner.ifPresent(k -> expectations.deletionObserved(k, Pods.key(pod)));
    if (!oldOwner.equals(owner)) oldOwner.ifPresent(loop.queue()::add);
    if (owner.isPresent()) {
      loop.queue().add(owner.get());
      // A pod turning ready counts as available minReadySeconds later: the sync requeues itself.
    } else if (!Pods.labels(old).equals(Pods.labels(pod)) || oldOwner.isPresent()) {
      matchingSets(pod).forEach(loop.queue()::add);
    }
  }

  private Optional<String> ownerKey(Pod pod) {
    return Pods.controllerOf(pod).filter(r -> "ReplicaSet".equals(r.getKind()))
        .map(r -> pod.getMetadata().getNamespace() + "/" + r.getName());
  }

  private List<String> matchingSets(Pod pod) {
    List<String> keys = new ArrayList<>();
    for (ReplicaSet rs : sets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
      if (Selectors.matches(rs.getSpec().getSelector(), Pods.labels(pod))) keys.add(Handlers.key(rs));
    }
    return keys;
  }

  // ---- the sync

  private Result reconcile(String key) {
    ReplicaSet rs = sets.getIndexer().getByKey(key);
    if (rs == null) {
      expectations.forget(key);
      return Result.DONE;
    }
    Instant now = context.clock().instant();
    boolean needsSync = expectations.satisfied(key, now);
    String ns = rs.getMetadata().getNamespace();
    LabelSelector selector = Selectors.of(rs.getSpec().getSelector());
    boolean deleting = Pods.deleting(rs);
    List<Pod> all = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns);
    List<Pod> active = new ArrayList<>();
    for (Pod p : all) {
      if (!Pods.active(p)) continue;
      Ownership ownership = Ownership.of(rs.getMetadata().getUid(), deleting, selector::matches, p);
      if (ownership instanceof Ownership.Owned) active.add(p);
      else if (ownership instanceof Ownership.Adopt) writes.adopt(rs, p).ifPresent(active::add);
      else if (ownership instanceof Ownership.Release) writes.release(rs, p);
    }
    Optional<String> failure = Optional.empty();
    if (needsSync && !deleting) failure = manageReplicas(key, rs, active, related(rs, all), now);
    updateStatus(rs, active, failure, now);
    int minReady = minReadySeconds(rs);
    return ReplicaSetCore.recheckAfter(active, minReady, now).<Result>map(Result::requeueAfter).orElse(Result.DONE);
  }

  /** Pods of this set's siblings (same controller) and its own: who shares a node. */
  private List<Pod> related(ReplicaSet rs, List<Pod> all) {
    Optional<OwnerReference> parent = Pods.controllerOf(rs);
    List<String> uids = new ArrayList<>();
    uids.add(rs.getMetadata().getUid());
    if (parent.isPresent()) {
      for (ReplicaSet sibling : sets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, rs.getMetadata().getNamespace())) {
        if (Pods.controllerOf(sibling).map(r -> r.getUid().equals(parent.get().getUid())).orElse(false)) {
          uids.add(sibling.getMetadata().getUid());
        }
      }
    }
    return all.stream().filter(Pods::active)
        .filter(p -> Pods.controllerOf(p).map(r -> uids.contains(r.getUid())).orElse(false)).toList();
  }

  private Optional<String> manageReplicas(String key, ReplicaSet rs, List<Pod> active, List<Pod> related, Instant now) {
    int wanted = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    ReplicaSetCore.Diff diff = ReplicaSetCore.diff(wanted, active, related, now);
    if (diff instanceof ReplicaSetCore.Create c) {
      expectations.expectCreations(key, c.count(), now);
      String prefix = PodTemplates.generateName(rs.getMetadata().getName());
      List<String> errors = new CopyOnWriteArrayList<>();
      int created = SlowStart.run(c.count(), n -> writes.createPods(n, () ->
          PodTemplates.newPod(rs.getSpec().getTemplate(), rs, prefix, "", Map.of(), Map.of()), rs, events, errors));
      if (created < c.count()) expectations.creationsSkipped(key, c.count() - created);
      return errors.stream().findFirst();
    }
    if (diff instanceof ReplicaSetCore.Delete d) {
      expectations.expectDeletions(key, d.pods().stream().map(Pods::key).toList(), now);
      List<String> errors = new CopyOnWriteArrayList<>();
      writes.deletePods(d.pods(), rs, events, errors, p -> expectations.deletionObserved(key, Pods.key(p)));
      return errors.stream().findFirst();
    }
    return Optional.empty();
  }

  static int minReadySeconds(ReplicaSet rs) {
    return rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
  }

  private void updateStatus(ReplicaSet rs, List<Pod> active, Optional<String> failure, Instant now) {
    Map<String, String> templateLabels = rs.getSpec().getTemplate() == null || rs.getSpec().getTemplate().getMetadata() == null
        || rs.getSpec().getTemplate().getMetadata().getLabels() == null ? Map.of() : rs.getSpec().getTemplate().getMetadata().getLabels();
    ReplicaSetCore.Counts counts = ReplicaSetCore.counts(active, templateLabels, minReadySeconds(rs), now);
    ReplicaSetStatus old = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
    List<ReplicaSetCondition> conditions = new ArrayList<>(old.getConditions() == null ? List.of() : old.getConditions());
    Optional<ReplicaSetCondition> existing = conditions.stream().filter(c -> "ReplicaFailure".equals(c.getType())).findFirst();
    if (failure.isPresent()) {
      String reason = failure.get().startsWith("delete:") ? "FailedDelete" : "FailedCreate";
      String message = failure.get().replaceFirst("^(create|delete):", "");
      if (existing.isEmpty()) {
        conditions.add(new ReplicaSetConditionBuilder().withType("ReplicaFailure").withStatus("True")
            .withReason(reason).withMessage(message).withLastTransitionTime(now.toString()).build());
      }
    } else if (existing.isPresent() && counts.replicas() == (rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas())) {
      conditions.remove(existing.get());
    }
    ReplicaSetStatus status = new ReplicaSetStatus(counts.availableReplicas(), conditions.isEmpty() ? null : conditions,
        counts.fullyLabeledReplicas(), rs.getMetadata().getGeneration(), counts.readyReplicas(), counts.replicas(), null);
    if (same(old, status)) return;
    ReplicaSet updated = new ReplicaSetBuilder(rs).withStatus(status).build();
    writes.updateStatus(() -> client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(updated).updateStatus());
  }

  private static boolean same(ReplicaSetStatus a, ReplicaSetStatus b) {
    return n(a.getReplicas()) == n(b.getReplicas()) && n(a.getFullyLabeledReplicas()) == n(b.getFullyLabeledReplicas())
        && n(a.getReadyReplicas()) == n(b.getReadyReplicas()) && n(a.getAvailableReplicas()) == n(b.getAvailableReplicas())
        && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
        && Objects.equals(a.getConditions() == null ? List.of() : a.getConditions(), b.getConditions() == null ? List.of() : b.getConditions());
  }

  private static int n(Integer i) { return i == null ? 0 : i; }

}
