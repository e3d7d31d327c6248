package dev.netkube.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventCorrelatorTest {
  private final EventCorrelator correlator = new EventCorrelator();
  private final Instant t0 = Instant.parse("2026-11-25T00:00:00Z");

  private static EventCorrelator.Draft draft(String message) {
    return new EventCorrelator.Draft("replicaset-controller", "", "ReplicaSet/default/web/uid-1", "Normal", "SuccessfulCreate", message);
  }

  @Test
  void aRepeatedEventUpdatesTheFirstOneWithACount() {
    EventCorrelator.Draft d = draft("Created pod: web-abc");
    EventCorrelator.Decision first = correlator.correlate(d, t0);
    assertThat(first).isEqualTo(new EventCorrelator.Create("Created pod: web-abc"));
    correlator.written(d, first, "web.1", t0);

    EventCorrelator.Decision second = correlator.correlate(d, t0.plusSeconds(5));
    assertThat(second).isEqualTo(new EventCorrelator.Update("web.1", "Created pod: web-abc", 2, t0));
    correlator.written(d, second, "web.1", t0);
    assertThat(correlator.correlate(d, t0.plusSeconds(9))).isEqualTo(new EventCorrelator.Update("web.1", "Created pod: web-abc", 3, t0));
  }

  @Test
  void differentMessagesAreDifferentEventsUntilTenThenCombined() {
    for (int i = 0; i < EventCorrelator.AGGREGATE_MAX_EVENTS; i++) {
      EventCorrelator.Draft d = draft("Created pod: web-" + i);
      EventCorrelator.Decision decision = correlator.correlate(d, t0.plusSeconds(i));
      assertThat(decision).isInstanceOf(EventCorrelator.Create.class);
      correlator.written(d, decision, "web." + i, t0);
    }
    EventCorrelator.Draft eleventh = draft("Created pod: web-10");
    EventCorrelator.Decision combined = correlator.correlate(eleventh, t0.plusSeconds(11));
    assertThat(combined).isEqualTo(new EventCorrelator.Create("(combined from similar events): Created pod: web-10"));
    correlator.written(eleventh, combined, "web.c", t0.plusSeconds(11));
    EventCorrelator.Draft twelfth = draft("Created pod: web-11");
    assertThat(correlator.correlate(twelfth, t0.plusSeconds(12)))
        .isEqualTo(new EventCorrelator.Update("web.c", "(combined from similar events): Created pod: web-11", 2, t0.plusSeconds(11)));
  }

  @Test
  void theAggregationWindowIsTenMinutes() {
    for (int i = 0; i < 11; i++) correlator.correlate(draft("m" + i), t0);
    assertThat(correlator.correlate(draft("fresh"), t0.plus(Duration.ofMinutes(11))))
        .isEqualTo(new EventCorrelator.Create("fresh"));
  }
}
