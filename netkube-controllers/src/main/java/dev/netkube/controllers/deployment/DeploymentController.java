package dev.netkube.controllers.deployment;

import static dev.netkube.controllers.deployment.DeploymentConditions.AVAILABLE;
import static dev.netkube.controllers.deployment.DeploymentConditions.PROGRESSING;

import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.EventRecorder;
import dev.netkube.controllers.runtime.Handlers;
import dev.netkube.controllers.runtime.ReconcileLoop;
import dev.netkube.controllers.runtime.Result;
import dev.netkube.controllers.workload.Ownership;
import dev.netkube.controllers.workload.Pods;
import dev.netkube.controllers.workload.Selectors;
import dev.netkube.controllers.workload.WorkloadClient;
import dev.netkube.model.Json;
import dev.netkube.model.select.LabelSelector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * kube-controller-manager's deployment-controller: Deployment → ReplicaSets named
 * {@code <deployment>-<pod-template-hash>}, rolled by {@link DeploymentCore}, with upstream's
 * annotations, conditions and ScalingReplicaSet events.
 */
public final class DeploymentController implements Controller {
  public static final String NAME = "deployment-controller";
  public static final String REVISION = "deployment.kubernetes.io/revision";
  public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
  public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
  private static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration", REVISION,
      REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, "deprecated.deployment.rollback.to");

  private final ReconcileLoop loop = new ReconcileLoop(NAME, this::reconcile);
  private KubernetesClient client;
  private WorkloadClient writes;
  private SharedIndexInformer<Deployment> deployments;
  private SharedIndexInformer<ReplicaSet> sets;
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
    deployments = context.informer(Deployment.class);
    sets = context.informer(ReplicaSet.class);
    deployments.addEventHandler(Handlers.onAny(d -> loop.queue().add(Handlers.key(d))));
    sets.addEventHandler(Handlers.onChange((old, rs) -> {
      ReplicaSet now = rs != null ? rs : old;
      Optional<String> owner = ownerKey(now);
      if (old != null && rs != null) ownerKey(old).filter(k -> !owner.equals(Optional.of(k))).ifPresent(loop.queue()::add);
      if (owner.isPresent()) loop.queue().add(owner.get());
      else if (rs != null) matching(rs).forEach(loop.queue()::add);
    }));
  }

  @Override
  public void start() { loop.start(4); }

  @Override
  public void close() {
    loop.close();
    if (writes != null) writes.close();
  }

  private static Optional<String> ownerKey(ReplicaSet rs) {
    return Pods.controllerOf(rs).filter(r -> "Deployment".equals(r.getKind()))
        .map(r -> rs.getMetadata().getNamespace() + "/" + r.getName());
  }

  private List<String> matching(ReplicaSet rs) {
    List<String> keys = new ArrayList<>();
    for (Deployment d : deployments.getIndexer().byIndex(Cache.NAMESPACE_INDEX, rs.getMetadata().getNamespace())) {
      if (Selectors.matches(d.getSpec().getSelector(), Pods.labels(rs))) keys.add(Handlers.key(d));
    }
    return keys;
  }

  // ---------------------------------------------------------------- the sync

  /** What one sync works on: the deployment (as it is being updated) and its sets. */
  private final class Sync {
    Deployment d;
    final Instant now;
    final List<ReplicaSet> owned;
    Optional<ReplicaSet> newRs = Optional.empty();
    List<ReplicaSet> olds = new ArrayList<>();
    List<DeploymentCondition> conditions;

    Sync(Deployment d, List<ReplicaSet> owned, Instant now) {
      this.d = d;
      this.owned = owned;
      this.now = now;
      this.conditions = new ArrayList<>(d.getStatus() == null || d.getStatus().getConditions() == null
          ? List.of() : d.getStatus().getConditions());
    }

    int replicas() { return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas(); }

    boolean recreate() { return d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType()); }

    DeploymentCore.Fenceposts fenceposts() {
      if (recreate()) return new DeploymentCore.Fenceposts(0, 0);
      String surge = "25%", unavailable = "25%";
      var ru = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
      if (ru != null && ru.getMaxSurge() != null) surge = intOrString(ru.getMaxSurge());
      if (ru != null && ru.getMaxUnavailable() != null) unavailable = intOrString(ru.getMaxUnavailable());
      DeploymentCore.Fenceposts f = DeploymentCore.fenceposts(surge, unavailable, replicas());
      return new DeploymentCore.Fenceposts(f.maxSurge(), Math.min(f.maxUnavailable(), replicas()));
    }

    Optional<Integer> progressDeadline() {
      Integer p = d.getSpec().getProgressDeadlineSeconds();
      return p == null || p == Integer.MAX_VALUE ? Optional.empty() : Optional.of(p);
    }

    List<ReplicaSet> all() {
      List<ReplicaSet> all = new ArrayList<>(olds);
      newRs.ifPresent(all::add);
      return all;
    }
  }

  private Result reconcile(String key) {
    Deployment d = deployments.getIndexer().getByKey(key);
    if (d == null) return Result.DONE;
    Instant now = context.clock().instant();
    List<ReplicaSet> owned = claimReplicaSets(d);
    Sync s = new Sync(d, owned, now);
    if (Pods.deleting(d)) {
      split(s);
      writeStatus(s, false);
      return Result.DONE;
    }
    checkPausedConditions(s);
    boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
    split(s);
    List<DeploymentCore.Rs> active = s.all().stream().filter(rs -> replicas(rs) > 0).map(this::view).toList();
    if (paused || DeploymentCore.isScalingEvent(s.replicas(), active)) {
      if (!paused) ensureNewReplicaSet(s, false);
      List<DeploymentCore.Scale> scales = DeploymentCore.proportional(s.replicas(), s.fenceposts(),
          s.newRs.map(this::view), s.olds.stream().map(this::view).toList(), !s.recreate());
      apply(s, scales);
      if (paused) cleanup(s);
      writeStatus(s, false);
      return Result.DONE;
    }
    if (s.recreate()) {
      if (DeploymentCore.recreateMayCreateNew(s.olds.stream().map(this::view).toList())) ensureNewReplicaSet(s, true);
      apply(s, DeploymentCore.recreateStep(s.replicas(), s.newRs.map(this::view), s.olds.stream().map(this::view).toList()));
    } else {
      ensureNewReplicaSet(s, true);
      ReplicaSet newRs = s.newRs.orElseThrow();
      apply(s, DeploymentCore.rollingStep(s.replicas(), s.fenceposts(), view(newRs), s.olds.stream().map(this::view).toList()));
    }
    return writeStatus(s, true);
  }

  /** ControllerRef: adopt matching orphan sets, release ours that stopped matching. */
  private List<ReplicaSet> claimReplicaSets(Deployment d) {
    LabelSelector selector = Selectors.of(d.getSpec().getSelector());
    List<ReplicaSet> owned = new ArrayList<>();
    for (ReplicaSet rs : sets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, d.getMetadata().getNamespace())) {
      Ownership o = Ownership.of(d.getMetadata().getUid(), Pods.deleting(d), selector::matches, rs);
      if (o instanceof Ownership.Owned) owned.add(rs);
      else if (o instanceof Ownership.Adopt) writes.adopt(d, rs).ifPresent(owned::add);
      else if (o instanceof Ownership.Release) writes.release(d, rs);
    }
    return owned;
  }

  /** The new set is the one whose template equals the deployment's (pod-template-hash aside), the oldest if several. */
  private void split(Sync s) {
    ObjectNode wanted = templateTree(s.d.getSpec().getTemplate());
    List<ReplicaSet> sorted = new ArrayList<>(s.owned);
    sorted.sort((a, b) -> Pods.created(a).compareTo(Pods.created(b)));
    s.olds = new ArrayList<>();
    s.newRs = Optional.empty();
    for (ReplicaSet rs : sorted) {
      if (s.newRs.isEmpty() && templateTree(rs.getSpec().getTemplate()).equals(wanted)) s.newRs = Optional.of(rs);
      else s.olds.add(rs);
    }
  }

  private static ObjectNode templateTree(PodTemplateSpec template) {
    ObjectNode tree = Json.MAPPER.valueToTree(template == null ? new PodTemplateSpec() : template);
    ObjectNode meta = (ObjectNode) tree.path("metadata");
    if (meta.isObject() && meta.path("labels").isObject()) {
      ((ObjectNode) meta.get("labels")).remove(PodTemplateHash.LABEL);
      if (meta.get("labels").isEmpty()) meta.remove("labels");
    }
    return tree;
  }

  /** getNewReplicaSet: find (and bring its revision up to date) or create the new set. */
  private void ensureNewReplicaSet(Sync s, boolean create) {
    long maxOld = DeploymentCore.nextRevision(s.olds.stream().map(this::view).toList()) - 1;
    long next = maxOld + 1;
    if (s.newRs.isPresent()) {
      ReplicaSet rs = s.newRs.get();
      long revision = revision(rs);
      Map<String, String> annotations = new LinkedHashMap<>(Pods.annotations(rs));
      boolean changed = false;
      if (revision < next) {
        if (revision > 0) {
          String history = annotations.getOrDefault(REVISION_HISTORY, "");
          annotations.put(REVISION_HISTORY, history.isEmpty() ? String.valueOf(revision) : history + "," + revision);
        }
        annotations.put(REVISION, String.valueOf(next));
        changed = true;
      } else {
        next = revision;
      }
      Integer minReady = s.d.getSpec().getMinReadySeconds();
      boolean minReadyChanged = !Objects.equals(nz(minReady), nz(rs.getSpec().getMinReadySeconds()));
      if (changed || minReadyChanged) {
        Map<String, Object> spec = new LinkedHashMap<>();
        if (minReadyChanged) spec.put("minReadySeconds", minReady);
        s.newRs = Optional.of(writes.patch(rs, Map.of("annotations", annotations), spec));
      }
      if (DeploymentConditions.get(s.conditions, PROGRESSING).isEmpty() && s.progressDeadline().isPresent()) {
        s.conditions = DeploymentConditions.set(s.conditions, PROGRESSING, "True", DeploymentConditions.FOUND_NEW_RS,
            "Found new replica set \"" + s.newRs.get().getMetadata().getName() + "\"", s.now);
      }
      setDeploymentRevision(s, next);
      return;
    }
    if (!create) return;
    int collisions = s.d.getStatus() == null || s.d.getStatus().getCollisionCount() == null ? 0 : s.d.getStatus().getCollisionCount();
    String hash = PodTemplateHash.of(s.d.getSpec().getTemplate(), collisions);
    String name = s.d.getMetadata().getName() + "-" + hash;
    DeploymentCore.Fenceposts f = s.fenceposts();
    int replicas = s.recreate() ? s.replicas()
        : DeploymentCore.newReplicas(s.replicas(), f, s.olds.stream().mapToInt(DeploymentController::replicas).sum(), 0);
    Map<String, String> annotations = new LinkedHashMap<>();
    Pods.annotations(s.d).forEach((k, v) -> { if (!NOT_COPIED.contains(k)) annotations.put(k, v); });
    annotations.put(DESIRED_REPLICAS, String.valueOf(s.replicas()));
    annotations.put(MAX_REPLICAS, String.valueOf(s.replicas() + f.maxSurge()));
    annotations.put(REVISION, String.valueOf(next));
    PodTemplateSpec template = new PodTemplateSpecBuilder(s.d.getSpec().getTemplate()).editOrNewMetadata()
        .addToLabels(PodTemplateHash.LABEL, hash).endMetadata().build();
    ReplicaSet rs = new ReplicaSetBuilder()
        .withNewMetadata().withName(name).withNamespace(ns(s.d)).withLabels(template.getMetadata().getLabels())
          .withAnnotations(annotations).withOwnerReferences(Ownership.controllerReference(s.d)).endMetadata()
        .withNewSpec().withReplicas(replicas).withMinReadySeconds(s.d.getSpec().getMinReadySeconds())
          .withSelector(new LabelSelectorBuilder(s.d.getSpec().getSelector()).addToMatchLabels(PodTemplateHash.LABEL, hash).build())
          .withTemplate(template).endSpec()
        .build();
    ReplicaSet created;
    try {
      created = client.apps().replicaSets().inNamespace(ns(s.d)).resource(rs).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) throw e;
      ReplicaSet existing = client.apps().replicaSets().inNamespace(ns(s.d)).withName(name).get();
      boolean ours = existing != null && Pods.controllerOf(existing).map(r -> r.getUid().equals(s.d.getMetadata().getUid())).orElse(false);
      if (ours && templateTree(existing.getSpec().getTemplate()).equals(templateTree(s.d.getSpec().getTemplate()))) {
        s.newRs = Optional.of(existing);
        return;
      }
      // A hash collision: count it in the status and try again with another name.
      DeploymentStatus st = s.d.getStatus() == null ? new DeploymentStatus() : s.d.getStatus();
      st.setCollisionCount(collisions + 1);
      Deployment updated = new DeploymentBuilder(s.d).withStatus(st).build();
      client.apps().deployments().inNamespace(ns(s.d)).resource(updated).updateStatus();
      throw new IllegalStateException("replica set " + name + " exists with another template: hash collision " + (collisions + 1));
    }
    s.newRs = Optional.of(created);
    if (replicas > 0) {
      events.normal(s.d, "ScalingReplicaSet", "Scaled up replica set " + name + " from 0 to " + replicas);
    }
    if (s.progressDeadline().isPresent()) {
      s.conditions = DeploymentConditions.set(s.conditions, PROGRESSING, "True", DeploymentConditions.NEW_RS_CREATED,
          "Created new replica set \"" + name + "\"", s.now);
    }
    setDeploymentRevision(s, next);
  }

  private void setDeploymentRevision(Sync s, long revision) {
    String current = Pods.annotations(s.d).get(REVISION);
    if (String.valueOf(revision).equals(current)) return;
    s.d = writes.patch(s.d, Map.of("annotations", Map.of(REVISION, String.valueOf(revision))), Map.of());
  }

  /** Scales sets (replicas and the desired/max annotations) and records ScalingReplicaSet events. */
  private void apply(Sync s, List<DeploymentCore.Scale> scales) {
    int maxReplicas = s.replicas() + s.fenceposts().maxSurge();
    for (DeploymentCore.Scale scale : scales) {
      Optional<ReplicaSet> target = s.all().stream().filter(rs -> rs.getMetadata().getName().equals(scale.rs())).findFirst();
      if (target.isEmpty()) continue;
      ReplicaSet written = writes.patch(target.get(), Map.of("annotations", Map.of(DESIRED_REPLICAS, String.valueOf(s.replicas()),
          MAX_REPLICAS, String.valueOf(maxReplicas))), Map.of("replicas", scale.to()));
      events.normal(s.d, "ScalingReplicaSet", "Scaled " + (scale.up() ? "up" : "down") + " replica set "
          + scale.rs() + " from " + scale.from() + " to " + scale.to());
      if (s.newRs.isPresent() && s.newRs.get().getMetadata().getName().equals(scale.rs())) s.newRs = Optional.of(written);
      else s.olds.replaceAll(rs -> rs.getMetadata().getName().equals(scale.rs()) ? written : rs);
    }
    // Sets already at the right size still get their annotations brought up to date.
    for (ReplicaSet rs : s.all()) {
      if (replicas(rs) == 0) continue;
      Map<String, String> a = Pods.annotations(rs);
      if (String.valueOf(s.replicas()).equals(a.get(DESIRED_REPLICAS)) && String.valueOf(maxReplicas).equals(a.get(MAX_REPLICAS))) continue;
      if (scales.stream().anyMatch(sc -> sc.rs().equals(rs.getMetadata().getName()))) continue;
      writes.patch(rs, Map.of("annotations", Map.of(DESIRED_REPLICAS, String.valueOf(s.replicas()),
          MAX_REPLICAS, String.valueOf(maxReplicas))), Map.of());
    }
  }

  /** revisionHistoryLimit: delete the oldest empty old sets beyond it. */
  private void cleanup(Sync s) {
    int limit = s.d.getSpec().getRevisionHistoryLimit() == null ? 10 : s.d.getSpec().getRevisionHistoryLimit();
    List<ReplicaSet> candidates = s.olds.stream().filter(rs -> !Pods.deleting(rs)).toList();
    for (String name : DeploymentCore.toCleanUp(candidates.stream().map(this::view).toList(), limit)) {
      try {
        client.apps().replicaSets().inNamespace(ns(s.d)).withName(name).delete();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) throw e;
      }
    }
  }

  private void checkPausedConditions(Sync s) {
    if (s.progressDeadline().isEmpty()) return;
    Optional<DeploymentCondition> c = DeploymentConditions.get(s.conditions, PROGRESSING);
    if (c.isPresent() && DeploymentConditions.TIMED_OUT.equals(c.get().getReason())) return;
    boolean pausedCond = c.isPresent() && DeploymentConditions.PAUSED.equals(c.get().getReason());
    boolean paused = Boolean.TRUE.equals(s.d.getSpec().getPaused());
    if (paused && !pausedCond) {
      s.conditions = DeploymentConditions.set(s.conditions, PROGRESSING, "Unknown", DeploymentConditions.PAUSED, "Deployment is paused", s.now);
    } else if (!paused && pausedCond) {
      s.conditions = DeploymentConditions.set(s.conditions, PROGRESSING, "Unknown", DeploymentConditions.RESUMED, "Deployment is resumed", s.now);
    }
  }

  /** calculateStatus (+ syncRolloutStatus when {@code rollout}): counts, Available, Progressing; cleanup once complete. */
  private Result writeStatus(Sync s, boolean rollout) {
    Deployment d = s.d;
    List<DeploymentCore.Rs> all = s.all().stream().map(this::view).toList();
    Optional<DeploymentCore.Rs> newView = s.newRs.map(this::view);
    DeploymentCore.Counts counts = DeploymentCore.counts(s.replicas(), newView, all);
    DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    long generation = d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
    int minAvailable = s.replicas() - s.fenceposts().maxUnavailable();
    if (counts.availableReplicas() >= minAvailable) {
      s.conditions = DeploymentConditions.set(s.conditions, AVAILABLE, "True", DeploymentConditions.MINIMUM_REPLICAS_AVAILABLE,
          "Deployment has minimum availability.", s.now);
    } else {
      s.conditions = DeploymentConditions.set(s.conditions, AVAILABLE, "False", DeploymentConditions.MINIMUM_REPLICAS_UNAVAILABLE,
          "Deployment does not have minimum availability.", s.now);
    }
    Result result = Result.DONE;
    boolean complete = DeploymentCore.complete(s.replicas(), counts, generation, generation);
    if (rollout && s.progressDeadline().isPresent() && !Boolean.TRUE.equals(d.getSpec().getPaused())) {
      String rsName = s.newRs.map(rs -> rs.getMetadata().getName()).orElse("");
      DeploymentCore.Counts before = new DeploymentCore.Counts(nz(old.getReplicas()), nz(old.getUpdatedReplicas()),
          nz(old.getReadyReplicas()), nz(old.getAvailableReplicas()), nz(old.getUnavailableReplicas()));
      if (complete) {
        s.conditions = DeploymentConditions.set(s.conditions, PROGRESSING, "True", DeploymentConditions.NEW_RS_AVAILABLE,
            DeploymentConditions.successfullyProgressed(rsName), s.now);
      } else if (DeploymentCore.progressing(counts, before, counts.replicas() - counts.updatedReplicas(),
          nz(old.getReplicas()) - nz(old.getUpdatedReplicas()))) {
        s.conditions = DeploymentConditions.progressed(s.conditions, DeploymentConditions.isProgressing(rsName), s.now);
      } else if (DeploymentConditions.timedOut(s.conditions, s.progressDeadline().get(), s.now)) {
        s.conditions = DeploymentConditions.set(s.conditions, PROGRESSING, "False", DeploymentConditions.TIMED_OUT,
            DeploymentConditions.timedOutProgressing(rsName), s.now);
      }
      if (!complete) {
        Optional<DeploymentCondition> c = DeploymentConditions.get(s.conditions, PROGRESSING);
        if (c.isPresent() && "True".equals(c.get().getStatus())) {
          Instant deadline = DeploymentConditions.parse(c.get().getLastUpdateTime()).plusSeconds(s.progressDeadline().get());
          Duration left = Duration.between(s.now, deadline).plusSeconds(1);
          if (!left.isNegative()) result = Result.requeueAfter(left);
        }
      }
    }
    if (rollout && complete) cleanup(s);
    // minReadySeconds: a ready pod turns available later; the ReplicaSet's status change brings us back.
    DeploymentStatus status = new DeploymentStatus(counts.availableReplicas(), old.getCollisionCount(),
        s.conditions.isEmpty() ? null : s.conditions, generation, counts.readyReplicas(), counts.replicas(),
        null, counts.unavailableReplicas(), counts.updatedReplicas());
    if (!sameStatus(old, status)) {
      Deployment updated = new DeploymentBuilder(d).withStatus(status).build();
      writes.updateStatus(() -> client.apps().deployments().inNamespace(ns(d)).resource(updated).updateStatus());
    }
    return result;
  }

  private static boolean sameStatus(DeploymentStatus a, DeploymentStatus b) {
    return Json.MAPPER.valueToTree(a).equals(Json.MAPPER.valueToTree(b));
  }

  // ---------------------------------------------------------------- views

  private DeploymentCore.Rs view(ReplicaSet rs) {
    var st = rs.getStatus();
    Optional<Integer> desired = Optional.ofNullable(Pods.annotations(rs).get(DESIRED_REPLICAS)).flatMap(DeploymentController::parseInt);
    return new DeploymentCore.Rs(rs.getMetadata().getName(), replicas(rs), st == null ? 0 : nz(st.getReplicas()),
        st == null ? 0 : nz(st.getReadyReplicas()), st == null ? 0 : nz(st.getAvailableReplicas()), revision(rs),
        Pods.created(rs), desired);
  }

  static int replicas(ReplicaSet rs) { return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas(); }

  static long revision(ReplicaSet rs) {
    return Optional.ofNullable(Pods.annotations(rs).get(REVISION)).flatMap(DeploymentController::parseInt).map(Integer::longValue).orElse(0L);
  }

  private static Optional<Integer> parseInt(String s) {
    try {
      return Optional.of(Integer.parseInt(s.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String intOrString(IntOrString v) {
    return v.getIntVal() != null ? String.valueOf(v.getIntVal()) : v.getStrVal();
  }

  private static int nz(Integer i) { return i == null ? 0 : i; }

  private static String ns(Deployment d) { return d.getMetadata().getNamespace(); }
}
