package dev.netkube.proxy.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.SessionAffinity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConnectAttemptsTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Endpoint A = Endpoint.ready("10.0.0.1", 80, "n");
  private static final Endpoint B = Endpoint.ready("10.0.0.2", 80, "n");

  @Test
  void fourAttemptsWithUpstreamsDialTimeoutsGoingRoundTheEndpoints() {
    RoundRobin rr = new RoundRobin(new Random(3));
    rr.update(List.of(A, B), SessionAffinity.none());
    ConnectAttempts attempts = new ConnectAttempts(rr, "10.1.1.1", CLOCK);
    List<ConnectAttempts.Attempt> all = new ArrayList<>();
    for (Optional<ConnectAttempts.Attempt> a = attempts.next(); a.isPresent(); a = attempts.next()) all.add(a.get());
    assertThat(all).extracting(ConnectAttempts.Attempt::timeout).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(all.get(1).endpoint()).isNotEqualTo(all.get(0).endpoint()); // a failed endpoint is not tried again next
    assertThat(attempts.made()).isEqualTo(4);
  }

  @Test
  void aStickyClientWhoseEndpointFailsIsMovedToAnother() {
    RoundRobin rr = new RoundRobin(new Random(3));
    rr.update(List.of(A, B), SessionAffinity.clientIp(10800));
    Endpoint stuck = new ConnectAttempts(rr, "10.1.1.1", CLOCK).next().orElseThrow().endpoint();
    ConnectAttempts again = new ConnectAttempts(rr, "10.1.1.1", CLOCK);
    assertThat(again.next().orElseThrow().endpoint()).isEqualTo(stuck); // affinity
    Endpoint moved = again.next().orElseThrow().endpoint(); // the dial failed
    assertThat(moved).isNotEqualTo(stuck);
    assertThat(new ConnectAttempts(rr, "10.1.1.1", CLOCK).next().orElseThrow().endpoint()).isEqualTo(moved);
  }

  @Test
  void noEndpointsNoAttempt() {
    assertThat(new ConnectAttempts(new RoundRobin(new Random()), "10.1.1.1", CLOCK).next()).isEmpty();
  }
}
