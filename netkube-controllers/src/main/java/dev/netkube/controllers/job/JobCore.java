package dev.netkube.controllers.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The job controller's decisions, pure: counting finished pods exactly once (upstream's tracking
 * with the {@code batch.kubernetes.io/job-tracking} finalizer and
 * {@code status.uncountedTerminatedPods}), how many pods to run, back-off after failures, and
 * when the job has succeeded or failed, with upstream's reasons and messages.
 */
public final class JobCore {
  public static final String COMPLETIONS_REACHED = "CompletionsReached";
  public static final String COMPLETIONS_REACHED_MESSAGE = "Reached expected number of succeeded pods";
  public static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
  public static final String BACKOFF_LIMIT_MESSAGE = "Job has reached the specified backoff limit";
  public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
  public static final String DEADLINE_MESSAGE = "Job was active longer than specified deadline";
  /** Upstream's DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff. */
  public static final Duration BACKOFF = Duration.ofSeconds(10);
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(6);

  private JobCore() {}

  /** The spec fields that decide. {@code completions} empty = a work queue: done when one pod succeeds and none runs. */
  public record Spec(Optional<Integer> completions, int parallelism, int backoffLimit, Optional<Long> activeDeadlineSeconds,
      boolean suspended) {}

  public enum Phase { ACTIVE, SUCCEEDED, FAILED }

  /** One pod of the job. {@code tracked}: it still has the job-tracking finalizer. */
  public record PodState(String uid, String name, Phase phase, boolean tracked, boolean ready, boolean deleting, Instant finishedAt) {}

  /** What the status counts: counted totals and the uids counted but whose finalizer is still on. */
  public record Tracking(int succeeded, int failed, Set<String> uncountedSucceeded, Set<String> uncountedFailed) {
    public int totalSucceeded() { return succeeded + uncountedSucceeded.size(); }

    public int totalFailed() { return failed + uncountedFailed.size(); }

    /** Uids whose finalizer the controller removes now that the status has them. */
    public Set<String> uncounted() {
      Set<String> all = new LinkedHashSet<>(uncountedSucceeded);
      all.addAll(uncountedFailed);
      return all;
    }
  }

  /**
   * trackJobStatusAndRemoveFinalizers, one round: uids whose finalizer is gone move into the
   * counts; newly finished pods that still carry the finalizer join the uncounted lists.
   */
  public static Tracking account(Tracking status, List<PodState> pods) {
    Map<String, PodState> byUid = pods.stream().collect(Collectors.toMap(PodState::uid, p -> p, (a, b) -> a));
    int succeeded = status.succeeded();
    int failed = status.failed();
    Set<String> uSucceeded = new LinkedHashSet<>();
    Set<String> uFailed = new LinkedHashSet<>();
    for (String uid : status.uncountedSucceeded()) {
      PodState p = byUid.get(uid);
      if (p == null || !p.tracked()) succeeded++; else uSucceeded.add(uid);
    }
    for (String uid : status.uncountedFailed()) {
      PodState p = byUid.get(uid);
      if (p == null || !p.tracked()) failed++; else uFailed.add(uid);
    }
    for (PodState p : pods) {
      if (!p.tracked() || uSucceeded.contains(p.uid()) || uFailed.contains(p.uid())) continue;
      if (p.phase() == Phase.SUCCEEDED) uSucceeded.add(p.uid());
      else if (p.phase() == Phase.FAILED) uFailed.add(p.uid());
    }
    return new Tracking(succeeded, failed, uSucceeded, uFailed);
  }

  /** Where the job stands after this sync. */
  public sealed interface Decision permits Run, Finish {}

  /**
   * Keep going: create {@code create} pods (now, or after {@code backoff}), delete the named
   * active pods (parallelism lowered).
   */
  public record Run(int create, List<String> delete, Optional<Duration> backoff) implements Decision {}

  /** Done: succeeded or failed with reason and message; active pods go first. */
  public record Finish(boolean succeeded, String reason, String message, List<String> deleteActive) implements Decision {}

  public static Decision decide(Spec spec, Tracking t, List<PodState> pods, Optional<Instant> startTime, Instant now) {
    List<PodState> active = pods.stream().filter(p -> p.phase() == Phase.ACTIVE && !p.deleting()).toList();
    List<String> activeNames = active.stream().map(PodState::name).toList();
    if (t.totalFailed() > spec.backoffLimit()) {
      return new Finish(false, BACKOFF_LIMIT_EXCEEDED, BACKOFF_LIMIT_MESSAGE, activeNames);
    }
    if (spec.activeDeadlineSeconds().isPresent() && startTime.isPresent()
        && !startTime.get().plusSeconds(spec.activeDeadlineSeconds().get()).isAfter(now)) {
      return new Finish(false, DEADLINE_EXCEEDED, DEADLINE_MESSAGE, activeNames);
    }
    int succeeded = t.totalSucceeded();
    if (spec.completions().isPresent() ? succeeded >= spec.completions().get() : succeeded > 0 && active.isEmpty()) {
      return new Finish(true, COMPLETIONS_REACHED, COMPLETIONS_REACHED_MESSAGE, activeNames);
    }
    if (spec.suspended()) return new Run(0, activeNames, Optional.empty());
    int wanted = spec.completions().isPresent()
        ? Math.min(spec.parallelism(), spec.completions().get() - succeeded)
        : succeeded > 0 ? active.size() : spec.parallelism(); // a work queue: one success means no new pods, running ones finish
    int diff = wanted - active.size();
    if (diff < 0) {
      // Newest first, as upstream's ActivePods ordering for jobs prefers to keep older, further-along pods.
      List<String> excess = new ArrayList<>(activeNames);
      return new Run(0, excess.subList(excess.size() + diff, excess.size()), Optional.empty());
    }
    if (diff == 0) return new Run(0, List.of(), Optional.empty());
    Optional<Duration> wait = backoff(t.totalFailed(), lastFailure(pods), now);
    return new Run(wait.isPresent() ? 0 : diff, List.of(), wait);
  }

  /** Exponential back-off after failures: 10 s, 20 s, 40 s, ... at most 6 min, from the last failure. */
  public static Optional<Duration> backoff(int failures, Optional<Instant> lastFailure, Instant now) {
    if (failures == 0 || lastFailure.isEmpty()) return Optional.empty();
    Duration delay = BACKOFF.multipliedBy(1L << Math.min(failures - 1, 20));
    if (delay.compareTo(MAX_BACKOFF) > 0) delay = MAX_BACKOFF;
    Duration left = Duration.between(now, lastFailure.get().plus(delay));
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  static Optional<Instant> lastFailure(List<PodState> pods) {
    return pods.stream().filter(p -> p.phase() == Phase.FAILED).map(PodState::finishedAt).max(Instant::compareTo);
  }
}
