package dev.netkube.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.controllers.job.JobCore.Finish;
import dev.netkube.controllers.job.JobCore.Phase;
import dev.netkube.controllers.job.JobCore.PodState;
import dev.netkube.controllers.job.JobCore.Run;
import dev.netkube.controllers.job.JobCore.Spec;
import dev.netkube.controllers.job.JobCore.Tracking;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobCoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Tracking NONE = new Tracking(0, 0, Set.of(), Set.of());

  static PodState pod(String name, Phase phase, boolean tracked, Instant finished) {
    return new PodState("uid-" + name, name, phase, tracked, false, false, finished);
  }

  @Test
  void runsParallelismPodsUntilCompletions() {
    Spec spec = new Spec(Optional.of(5), 2, 6, Optional.empty(), false);
    assertThat(JobCore.decide(spec, NONE, List.of(), Optional.of(T0), T0)).isEqualTo(new Run(2, List.of(), Optional.empty()));
    Tracking four = new Tracking(4, 0, Set.of(), Set.of());
    List<PodState> two = List.of(pod("a", Phase.ACTIVE, true, T0), pod("b", Phase.ACTIVE, true, T0));
    // One completion left: the second running pod is one too many.
    assertThat(JobCore.decide(spec, four, two, Optional.of(T0), T0)).isEqualTo(new Run(0, List.of("b"), Optional.empty()));
    Tracking five = new Tracking(5, 0, Set.of(), Set.of());
    assertThat(JobCore.decide(spec, five, List.of(), Optional.of(T0), T0))
        .isEqualTo(new Finish(true, "CompletionsReached", "Reached expected number of succeeded pods", List.of()));
  }

  @Test
  void workQueueJobEndsWhenOneSucceededAndNoneRuns() {
    Spec spec = new Spec(Optional.empty(), 3, 6, Optional.empty(), false);
    Tracking one = new Tracking(1, 0, Set.of(), Set.of());
    assertThat(JobCore.decide(spec, one, List.of(pod("a", Phase.ACTIVE, true, T0)), Optional.of(T0), T0))
        .isEqualTo(new Run(0, List.of(), Optional.empty()));
    assertThat(JobCore.decide(spec, one, List.of(), Optional.of(T0), T0)).isInstanceOf(Finish.class);
  }

  @Test
  void eachFinishedPodIsCountedOnceAcrossSyncs() {
    List<PodState> pods = new ArrayList<>(List.of(pod("a", Phase.SUCCEEDED, true, T0), pod("b", Phase.FAILED, true, T0),
        pod("c", Phase.ACTIVE, true, T0)));
    Tracking t1 = JobCore.account(NONE, pods);
    assertThat(t1).isEqualTo(new Tracking(0, 0, Set.of("uid-a"), Set.of("uid-b")));
    // The same state seen again (the status write raced a pod event): nothing counted twice.
    assertThat(JobCore.account(t1, pods)).isEqualTo(t1);
    // The finalizers came off: now they are in the totals.
    pods.set(0, pod("a", Phase.SUCCEEDED, false, T0));
    pods.set(1, pod("b", Phase.FAILED, false, T0));
    Tracking t2 = JobCore.account(t1, pods);
    assertThat(t2).isEqualTo(new Tracking(1, 1, Set.of(), Set.of()));
    assertThat(JobCore.account(t2, pods)).isEqualTo(t2);
    // Gone from the cache entirely: counted as well (uid was recorded).
    assertThat(JobCore.account(t1, List.of())).isEqualTo(new Tracking(1, 1, Set.of(), Set.of()));
  }

  @Test
  void failuresBackOffThenExceedTheLimit() {
    Spec spec = new Spec(Optional.of(1), 1, 2, Optional.empty(), false);
    Instant failed1 = T0.plusSeconds(5);
    Tracking one = new Tracking(0, 1, Set.of(), Set.of());
    List<PodState> pods = List.of(pod("a", Phase.FAILED, false, failed1));
    // First failure: 10 s back-off from the failure.
    assertThat(JobCore.decide(spec, one, pods, Optional.of(T0), failed1.plusSeconds(4)))
        .isEqualTo(new Run(0, List.of(), Optional.of(Duration.ofSeconds(6))));
    assertThat(JobCore.decide(spec, one, pods, Optional.of(T0), failed1.plusSeconds(10)))
        .isEqualTo(new Run(1, List.of(), Optional.empty()));
    // Second failure: 20 s.
    Instant failed2 = failed1.plusSeconds(30);
    Tracking two = new Tracking(0, 2, Set.of(), Set.of());
    List<PodState> both = List.of(pods.get(0), pod("b", Phase.FAILED, false, failed2));
    assertThat(JobCore.decide(spec, two, both, Optional.of(T0), failed2.plusSeconds(1)))
        .isEqualTo(new Run(0, List.of(), Optional.of(Duration.ofSeconds(19))));
    // Third: beyond backoffLimit 2 → failed, whatever still runs is deleted.
    Tracking three = new Tracking(0, 2, Set.of(), Set.of("uid-c"));
    List<PodState> withRunning = List.of(pod("c", Phase.FAILED, true, failed2), pod("d", Phase.ACTIVE, true, failed2));
    assertThat(JobCore.decide(spec, three, withRunning, Optional.of(T0), failed2))
        .isEqualTo(new Finish(false, "BackoffLimitExceeded", "Job has reached the specified backoff limit", List.of("d")));
    assertThat(JobCore.backoff(30, Optional.of(T0), T0)).contains(JobCore.MAX_BACKOFF);
  }

  @Test
  void activeDeadlineFailsTheJob() {
    Spec spec = new Spec(Optional.of(1), 1, 6, Optional.of(60L), false);
    assertThat(JobCore.decide(spec, NONE, List.of(pod("a", Phase.ACTIVE, true, T0)), Optional.of(T0), T0.plusSeconds(60)))
        .isEqualTo(new Finish(false, "DeadlineExceeded", "Job was active longer than specified deadline", List.of("a")));
  }
}
