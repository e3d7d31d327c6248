package dev.netkube.agent.probes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.agent.probes.ProbeTracker.Result;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Probe thresholds, as kubelet applies them. */
class ProbeTrackerTest {
  private final Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Result OK = new Result.Success();
  private static final Result BAD = new Result.Failure("HTTP probe failed with statuscode: 500");

  @Test
  void readinessStartsFailingAndFlipsWithTheThresholds() {
    ProbeTracker r = new ProbeTracker(ProbeTracker.Kind.READINESS, new ProbeTracker.Settings(5, 10, 1, 2, 3), t0);
    assertThat(r.passing()).isFalse();
    assertThat(r.nextRun()).isEqualTo(t0.plusSeconds(5));
    assertThat(r.record(OK, t0.plusSeconds(5)).passing()).isFalse(); // successThreshold 2
    assertThat(r.nextRun()).isEqualTo(t0.plusSeconds(15));
    ProbeTracker.Verdict ready = r.record(OK, t0.plusSeconds(15));
    assertThat(ready.passing()).isTrue();
    assertThat(ready.changed()).isTrue();
    r.record(BAD, t0.plusSeconds(25));
    r.record(BAD, t0.plusSeconds(35));
    assertThat(r.passing()).isTrue();
    ProbeTracker.Verdict notReady = r.record(BAD, t0.plusSeconds(45));
    assertThat(notReady.passing()).isFalse();
    assertThat(notReady.changed()).isTrue();
    assertThat(notReady.failureMessage()).contains("HTTP probe failed with statuscode: 500");
    assertThat(r.eventMessage("HTTP probe failed with statuscode: 500"))
        .isEqualTo("Readiness probe failed: HTTP probe failed with statuscode: 500");
  }

  @Test
  void livenessStartsPassingAndFailsAfterTheThreshold() {
    ProbeTracker l = new ProbeTracker(ProbeTracker.Kind.LIVENESS, ProbeTracker.Settings.defaults(), t0);
    assertThat(l.passing()).isTrue();
    assertThat(l.record(BAD, t0).passing()).isTrue();
    assertThat(l.record(OK, t0.plusSeconds(10)).passing()).isTrue(); // a success resets the count
    l.record(BAD, t0.plusSeconds(20));
    l.record(BAD, t0.plusSeconds(30));
    assertThat(l.record(BAD, t0.plusSeconds(40)).passing()).isFalse();
    assertThat(ProbeTracker.killMessage(ProbeTracker.Kind.LIVENESS, "web"))
        .isEqualTo("Container web failed liveness probe, will be restarted");
  }
}
