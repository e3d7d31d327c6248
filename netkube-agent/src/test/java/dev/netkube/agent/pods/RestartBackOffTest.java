package dev.netkube.agent.pods;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A crash-looping container's restarts, as kubelet spaces them. */
class RestartBackOffTest {
  private final RestartBackOff backOff = new RestartBackOff();
  private final Instant t0 = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void firstRestartAtOnceThenDoublingUpToFiveMinutes() {
    String key = "default/web/c";
    // Finished at t0: no entry yet, so it restarts at once; the next failure waits 10 s.
    assertThat(backOff.waiting(key, t0, t0)).isEmpty();
    backOff.restarting(key, t0);
    Instant finished = t0.plusSeconds(1);
    long expected = 10;
    for (int i = 0; i < 8; i++) {
      assertThat(backOff.waiting(key, finished, finished.plusSeconds(1))).contains(Duration.ofSeconds(expected));
      assertThat(backOff.waiting(key, finished, finished.plusSeconds(expected))).isEmpty();
      assertThat(backOff.retryAt(key, finished)).contains(finished.plusSeconds(expected));
      backOff.restarting(key, finished);
      finished = finished.plusSeconds(expected + 1);
      expected = Math.min(expected * 2, 300);
    }
    assertThat(expected).isEqualTo(300);
    assertThat(backOff.waiting(key, finished, finished)).contains(Duration.ofMinutes(5));
  }

  @Test
  void tenMinutesWithoutAFailureStartsAgainAtTenSeconds() {
    String key = "default/web/c";
    backOff.restarting(key, t0);
    backOff.restarting(key, t0.plusSeconds(20)); // now 20 s
    Instant muchLater = t0.plusSeconds(20 + 601);
    assertThat(backOff.waiting(key, muchLater, muchLater)).isEmpty();
    backOff.restarting(key, muchLater);
    assertThat(backOff.waiting(key, muchLater.plusSeconds(1), muchLater.plusSeconds(2))).contains(Duration.ofSeconds(10));
  }

  @Test
  void goDurations() {
    assertThat(RestartBackOff.goDuration(Duration.ofSeconds(10))).isEqualTo("10s");
    assertThat(RestartBackOff.goDuration(Duration.ofSeconds(80))).isEqualTo("1m20s");
    assertThat(RestartBackOff.goDuration(Duration.ofMinutes(5))).isEqualTo("5m0s");
  }
}
