package dev.netkube.controllers.job;

import dev.netkube.controllers.job.JobCore.PodState;
import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.EventRecorder;
import dev.netkube.controllers.runtime.Handlers;
import dev.netkube.controllers.runtime.ReconcileLoop;
import dev.netkube.controllers.runtime.Result;
import dev.netkube.controllers.workload.Expectations;
import dev.netkube.controllers.workload.PodTemplates;
import dev.netkube.controllers.workload.Pods;
import dev.netkube.controllers.workload.SlowStart;
import dev.netkube.controllers.workload.WorkloadClient;
import dev.netkube.model.Json;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * kube-controller-manager's job-controller (and the TTL-after-finished controller's one job):
 * runs a Job's pods to completion, counts each finished pod once, backs off after failures and
 * sets upstream's conditions (SuccessCriteriaMet + Complete, FailureTarget + Failed).
 */
public final class JobController implements Controller {
  public static final String NAME = "job-controller";
  public static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";

  private final ReconcileLoop loop = new ReconcileLoop(NAME, this::reconcile);
  private final Expectations expectations = new Expectations();
  private KubernetesClient client;
  private WorkloadClient writes;
  private SharedIndexInformer<Job> jobs;
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
    jobs = context.informer(Job.class);
    pods = context.informer(Pod.class);
    jobs.addEventHandler(Handlers.onAny(j -> loop.queue().add(Handlers.key(j))));
    pods.addEventHandler(Handlers.onChange((old, pod) -> {
      if (old == null) {
        ownerKey(pod).ifPresent(k -> {
          expectations.creationObserved(k);
          loop.queue().add(k);
        });
      } else if (pod == null) {
        ownerKey(old).ifPresent(k -> {
          expectations.deletionObserved(k, Pods.key(old));
          loop.queue().add(k);
        });
      } else {
        ownerKey(pod).ifPresent(k -> {
          if (Pods.deleting(pod) && !Pods.deleting(old)) expectations.deletionObserved(k, Pods.key(pod));
          loop.queue().add(k);
        });
      }
    }));
  }

  @Override
  public void start() { loop.start(4); }

  @Override
  public void close() {
    loop.close();
    if (writes != null) writes.close();
  }

  private static Optional<String> ownerKey(Pod pod) {
    return Pods.controllerOf(pod).filter(r -> "Job".equals(r.getKind()))
        .map(r -> pod.getMetadata().getNamespace() + "/" + r.getName());
  }

  private Result reconcile(String key) {
    Job job = jobs.getIndexer().getByKey(key);
    if (job == null) {
      expectations.forget(key);
      return Result.DONE;
    }
    Instant now = context.clock().instant();
    String uid = job.getMetadata().getUid();
    List<Pod> owned = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, job.getMetadata().getNamespace()).stream()
        .filter(p -> Pods.controllerOf(p).map(r -> uid.equals(r.getUid())).orElse(false)).toList();
    JobStatus old = job.getStatus() == null ? new JobStatus() : job.getStatus();
    List<JobCondition> conditions = new ArrayList<>(old.getConditions() == null ? List.of() : old.getConditions());
    if (hasTrue(conditions, "Complete") || hasTrue(conditions, "Failed")) {
      removeFinalizers(owned.stream().filter(JobController::tracked).toList());
      return ttl(job, conditions, now);
    }
    Optional<JobCondition> target = conditions.stream()
        .filter(c -> ("SuccessCriteriaMet".equals(c.getType()) || "FailureTarget".equals(c.getType())) && "True".equals(c.getStatus()))
        .findFirst();
    List<PodState> states = owned.stream().map(p -> state(p, target.isPresent(), now)).toList();
    UncountedTerminatedPods u = old.getUncountedTerminatedPods();
    JobCore.Tracking before = new JobCore.Tracking(nz(old.getSucceeded()), nz(old.getFailed()),
        new LinkedHashSet<>(u == null || u.getSucceeded() == null ? List.of() : u.getSucceeded()),
        new LinkedHashSet<>(u == null || u.getFailed() == null ? List.of() : u.getFailed()));
    JobCore.Tracking tracking = JobCore.account(before, states);
    boolean suspended = Boolean.TRUE.equals(job.getSpec().getSuspend());
    boolean resumed = false;
    if (target.isEmpty()) {
      boolean suspendedCond = hasTrue(conditions, "Suspended");
      if (suspended && !suspendedCond) {
        conditions.removeIf(c -> "Suspended".equals(c.getType()));
        conditions.add(condition("Suspended", "True", "JobSuspended", "Job suspended", now));
        events.normal(job, "Suspended", "Job suspended");
      } else if (!suspended && suspendedCond) {
        conditions.removeIf(c -> "Suspended".equals(c.getType()));
        conditions.add(condition("Suspended", "False", "JobResumed", "Job resumed", now));
        events.normal(job, "Resumed", "Job resumed");
        resumed = true; // activeDeadlineSeconds counts from the resumption
      }
    }
    Optional<Instant> startTime = suspended ? Optional.<Instant>empty()
        : resumed ? Optional.of(now) : Pods.time(old.getStartTime()).or(() -> Optional.of(now));
    JobCore.Spec spec = new JobCore.Spec(Optional.ofNullable(job.getSpec().getCompletions()),
        nz(job.getSpec().getParallelism()), job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit(),
        Optional.ofNullable(job.getSpec().getActiveDeadlineSeconds()), suspended);
    JobCore.Decision decision = target
        .<JobCore.Decision>map(c -> new JobCore.Finish("SuccessCriteriaMet".equals(c.getType()), c.getReason(), c.getMessage(),
            states.stream().filter(s -> s.phase() == JobCore.Phase.ACTIVE && !s.deleting()).map(PodState::name).toList()))
        .orElseGet(() -> JobCore.decide(spec, tracking, states, startTime, now));
    Result result = Result.DONE;
    String completionTime = old.getCompletionTime();
    boolean needsSync = expectations.satisfied(key, now);
    if (decision instanceof JobCore.Run run) {
      if (needsSync && run.create() > 0) create(key, job, run.create(), now);
      if (needsSync && !run.delete().isEmpty()) delete(key, job, owned, run.delete(), now);
      if (run.backoff().isPresent()) result = Result.requeueAfter(run.backoff().get());
      else if (spec.activeDeadlineSeconds().isPresent() && startTime.isPresent()) {
        Duration left = Duration.between(now, startTime.get().plusSeconds(spec.activeDeadlineSeconds().get()));
        if (!left.isNegative()) result = Result.requeueAfter(left.plusMillis(200));
      }
    } else if (decision instanceof JobCore.Finish finish) {
      if (target.isEmpty()) {
        conditions.add(condition(finish.succeeded() ? "SuccessCriteriaMet" : "FailureTarget", "True", finish.reason(), finish.message(), now));
      }
      if (!finish.deleteActive().isEmpty()) delete(key, job, owned, finish.deleteActive(), now);
      boolean settled = finish.deleteActive().isEmpty() && tracking.uncounted().isEmpty()
          && states.stream().noneMatch(s -> s.phase() == JobCore.Phase.ACTIVE) && states.stream().noneMatch(PodState::tracked);
      if (settled) {
        conditions.add(condition(finish.succeeded() ? "Complete" : "Failed", "True", finish.reason(), finish.message(), now));
        if (finish.succeeded()) {
          completionTime = time(now);
          events.normal(job, "Completed", "Job completed");
        } else {
          events.warning(job, finish.reason(), finish.message());
        }
      }
    }
    int active = (int) states.stream().filter(s -> s.phase() == JobCore.Phase.ACTIVE && !s.deleting()).count();
    int ready = (int) owned.stream().filter(p -> Pods.active(p) && Pods.ready(p)).count();
    int terminating = (int) owned.stream().filter(p -> Pods.deleting(p) && !Pods.terminal(p)).count();
    JobStatus status = new JobStatus(active, old.getCompletedIndexes(), completionTime, conditions.isEmpty() ? null : conditions,
        tracking.failed(), old.getFailedIndexes(), ready, startTime.map(JobController::time).orElse(null), tracking.succeeded(),
        terminating, new UncountedTerminatedPods(List.copyOf(tracking.uncountedFailed()), List.copyOf(tracking.uncountedSucceeded())));
    if (!Json.MAPPER.valueToTree(old).equals(Json.MAPPER.valueToTree(status))) {
      Job updated = new JobBuilder(job).withStatus(status).build();
      writes.updateStatus(() -> client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(updated).updateStatus());
    }
    // Counted in the status: now their finalizers may go (the next sync moves them into the totals).
    Set<String> release = new LinkedHashSet<>(tracking.uncounted());
    if (decision instanceof JobCore.Finish) {
      owned.stream().filter(p -> Pods.deleting(p) && !Pods.terminal(p)).forEach(p -> release.add(p.getMetadata().getUid()));
    }
    removeFinalizers(owned.stream().filter(p -> release.contains(p.getMetadata().getUid()) && tracked(p)).toList());
    return result;
  }

  private void create(String key, Job job, int count, Instant now) {
    expectations.expectCreations(key, count, now);
    String prefix = PodTemplates.generateName(job.getMetadata().getName());
    List<String> errors = new CopyOnWriteArrayList<>();
    int created = SlowStart.run(count, n -> writes.createPods(n, () -> {
      Pod pod = PodTemplates.newPod(job.getSpec().getTemplate(), job, prefix, "", Map.of(), Map.of());
      List<String> finalizers = new ArrayList<>(pod.getMetadata().getFinalizers() == null ? List.of() : pod.getMetadata().getFinalizers());
      finalizers.add(TRACKING_FINALIZER);
      pod.getMetadata().setFinalizers(finalizers);
      return pod;
    }, job, events, errors));
    if (created < count) expectations.creationsSkipped(key, count - created);
  }

  private void delete(String key, Job job, List<Pod> owned, List<String> names, Instant now) {
    List<Pod> victims = owned.stream().filter(p -> names.contains(p.getMetadata().getName())).toList();
    expectations.expectDeletions(key, victims.stream().map(Pods::key).toList(), now);
    writes.deletePods(victims, job, events, new CopyOnWriteArrayList<>(), p -> expectations.deletionObserved(key, Pods.key(p)));
  }

  private void removeFinalizers(List<Pod> list) {
    for (Pod p : list) {
      List<String> rest = p.getMetadata().getFinalizers().stream().filter(f -> !TRACKING_FINALIZER.equals(f)).toList();
      try {
        writes.patch(p, Map.of("finalizers", rest), Map.of());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) throw e;
      }
    }
  }

  /** ttlSecondsAfterFinished: the finished job (and, in the background, its pods) goes once its time is up. */
  private Result ttl(Job job, List<JobCondition> conditions, Instant now) {
    Integer ttl = job.getSpec().getTtlSecondsAfterFinished();
    if (ttl == null || Pods.deleting(job)) return Result.DONE;
    Instant finished = conditions.stream().filter(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())))
        .map(c -> Pods.time(c.getLastTransitionTime()).orElse(now)).findFirst().orElse(now);
    Duration left = Duration.between(now, finished.plusSeconds(ttl));
    if (!left.isNegative() && !left.isZero()) return Result.requeueAfter(left);
    try {
      client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
          .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) throw e;
    }
    return Result.DONE;
  }

  private static PodState state(Pod p, boolean finishing, Instant now) {
    JobCore.Phase phase = switch (Pods.phase(p)) {
      case "Succeeded" -> JobCore.Phase.SUCCEEDED;
      case "Failed" -> JobCore.Phase.FAILED;
      default -> Pods.deleting(p) && !finishing ? JobCore.Phase.FAILED : JobCore.Phase.ACTIVE;
    };
    return new PodState(p.getMetadata().getUid(), p.getMetadata().getName(), phase, tracked(p), Pods.ready(p), Pods.deleting(p),
        finishedAt(p, now));
  }

  private static boolean tracked(Pod p) {
    return p.getMetadata().getFinalizers() != null && p.getMetadata().getFinalizers().contains(TRACKING_FINALIZER);
  }

  /** When a finished pod finished: its containers' finishedAt, else its Ready condition's last change, else its deletion. */
  private static Instant finishedAt(Pod p, Instant now) {
    if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
      Optional<Instant> t = p.getStatus().getContainerStatuses().stream().map(ContainerStatus::getState)
          .filter(s -> s != null && s.getTerminated() != null).map(s -> Pods.time(s.getTerminated().getFinishedAt()))
          .flatMap(Optional::stream).max(Instant::compareTo);
      if (t.isPresent()) return t.get();
    }
    return Pods.condition(p, "Ready").flatMap(c -> Pods.time(c.getLastTransitionTime()))
        .or(() -> Pods.time(p.getMetadata().getDeletionTimestamp())).orElse(now);
  }

  private static boolean hasTrue(List<JobCondition> conditions, String type) {
    return conditions.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static JobCondition condition(String type, String status, String reason, String message, Instant now) {
    return new JobConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastProbeTime(time(now)).withLastTransitionTime(time(now)).build();
  }

  private static String time(Instant t) { return t.truncatedTo(ChronoUnit.SECONDS).toString(); }

  private static int nz(Integer i) { return i == null ? 0 : i; }

}
