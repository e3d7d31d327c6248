package dev.netkube.agent.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogQueryTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void readsKubeletsParametersAndResolvesSinceSeconds() throws Exception {
    LogOptions o = LogQuery.parse(Map.of("follow", List.of("true"), "tailLines", List.of("5"), "sinceSeconds",
        List.of("30"), "timestamps", List.of("true"), "limitBytes", List.of("100"), "previous", List.of("false")), clock);
    assertThat(o.follow()).isTrue();
    assertThat(o.previous()).isFalse();
    assertThat(o.timestamps()).isTrue();
    assertThat(o.tailLines()).hasValue(5);
    assertThat(o.limitBytes()).hasValue(100);
    assertThat(o.sinceTime()).contains(Instant.parse("2026-12-01T09:59:30Z"));
    assertThat(LogQuery.parse(Map.of("sinceTime", List.of("2026-12-01T09:00:00Z")), clock).sinceTime())
        .contains(Instant.parse("2026-12-01T09:00:00Z"));
  }

  @Test
  void refusesWhatKubeletRefuses() {
    assertThatThrownBy(() -> LogQuery.parse(Map.of("tailLines", List.of("x")), clock))
        .isInstanceOfSatisfying(StreamingException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> LogQuery.parse(Map.of("tailLines", List.of("-1")), clock))
        .isInstanceOfSatisfying(StreamingException.class, e -> assertThat(e.status()).isEqualTo(422));
    assertThatThrownBy(() -> LogQuery.parse(Map.of("sinceSeconds", List.of("5"), "sinceTime",
        List.of("2026-12-01T09:00:00Z")), clock))
        .isInstanceOfSatisfying(StreamingException.class, e -> assertThat(e.status()).isEqualTo(422));
  }
}
