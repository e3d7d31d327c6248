package dev.netkube.agent.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenRefreshTest {
  static final Instant T0 = Instant.parse("2026-12-02T02:00:00Z");

  @Test
  void aTokenIsRenewedOnce80PercentOfItsLifeHasPassed() {
    TokenRefresh t = new TokenRefresh("x", T0, T0.plusSeconds(3607));
    assertThat(t.due(T0.plusSeconds(2885))).isFalse(); // 3607 * 0.8 = 2885.6
    assertThat(t.due(T0.plusSeconds(2887))).isTrue();
  }

  @Test
  void aLongLivedTokenIsRenewedAfter24Hours() {
    TokenRefresh t = new TokenRefresh("x", T0, T0.plusSeconds(365L * 24 * 3600));
    assertThat(t.due(T0.plusSeconds(23 * 3600))).isFalse();
    assertThat(t.due(T0.plusSeconds(24 * 3600))).isTrue();
  }
}
