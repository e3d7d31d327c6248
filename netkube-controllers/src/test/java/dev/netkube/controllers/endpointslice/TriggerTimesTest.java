package dev.netkube.controllers.endpointslice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerTimesTest {
  @Test
  void firstSyncExportsCreationThenOnlyTheEarliestNewTrigger() {
    TriggerTimes times = new TriggerTimes();
    ServiceView svc = Fixtures.service("web", Map.of("app", "web"), Fixtures.port("", 80, 80));
    PodView a = Fixtures.pod("a", "10.244.0.2");
    assertThat(times.compute(svc, List.of(a))).contains(svc.created());
    assertThat(times.compute(svc, List.of(a))).isEmpty();
    PodView changed = Fixtures.withReady(a, false);
    assertThat(times.compute(svc, List.of(changed))).isEqualTo(changed.readyChanged());
  }

  @Test
  void rfc3339NanoDropsTrailingZeros() {
    assertThat(Views.rfc3339Nano(Instant.parse("2024-05-01T10:00:00Z"))).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(Views.rfc3339Nano(Instant.parse("2024-05-01T10:00:00.120Z"))).isEqualTo("2024-05-01T10:00:00.12Z");
    assertThat(Views.rfc3339Nano(Instant.parse("2024-05-01T10:00:00.000000001Z"))).isEqualTo("2024-05-01T10:00:00.000000001Z");
  }
}
