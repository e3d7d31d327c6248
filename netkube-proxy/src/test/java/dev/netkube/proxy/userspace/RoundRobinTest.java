package dev.netkube.proxy.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.SessionAffinity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoundRobinTest {
  private static final Endpoint A = Endpoint.ready("10.0.0.1", 80, "n");
  private static final Endpoint B = Endpoint.ready("10.0.0.2", 80, "n");
  private static final Endpoint C = Endpoint.ready("10.0.0.3", 80, "n");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static List<Endpoint> picks(RoundRobin rr, String client, int n) {
    List<Endpoint> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(rr.next(client, false, T0).orElseThrow());
    return out;
  }

  @Test
  void withoutAffinityEachConnectionTakesTheNextEndpointInTurn() {
    RoundRobin rr = new RoundRobin(new Random(1));
    rr.update(List.of(A, B, C), SessionAffinity.none());
    List<Endpoint> six = picks(rr, "10.1.1.1", 6);
    assertThat(six.subList(0, 3)).containsExactlyInAnyOrder(A, B, C);
    assertThat(six.subList(3, 6)).isEqualTo(six.subList(0, 3)); // the same rotation again
  }

  @Test
  void noEndpointsGiveNothing() {
    RoundRobin rr = new RoundRobin(new Random(1));
    assertThat(rr.next("10.1.1.1", false, T0)).isEmpty();
    rr.update(List.of(A), SessionAffinity.none());
    rr.update(List.of(), SessionAffinity.none());
    assertThat(rr.hasEndpoints()).isFalse();
    assertThat(rr.next("10.1.1.1", false, T0)).isEmpty();
  }

  @Test
  void clientIpAffinityKeepsAClientOnItsEndpointUntilItWasUnusedForTheTimeout() {
    RoundRobin rr = new RoundRobin(new Random(1));
    rr.update(List.of(A, B, C), SessionAffinity.clientIp(10));
    Endpoint first = rr.next("10.1.1.1", false, T0).orElseThrow();
    Endpoint other = rr.next("10.1.1.2", false, T0).orElseThrow();
    assertThat(other).isNotEqualTo(first); // another client goes on with the rotation
    for (int s = 1; s <= 30; s += 9) assertThat(rr.next("10.1.1.1", false, T0.plusSeconds(s))).contains(first); // each use renews it
    Instant later = T0.plusSeconds(28 + 10);
    rr.forgetExpired(later);
    assertThat(rr.stickyClients()).isZero();
  }

  @Test
  void aRetryResetsTheAffinityAndTheClientSticksToTheEndpointThatAnswered() {
    RoundRobin rr = new RoundRobin(new Random(1));
    rr.update(List.of(A, B), SessionAffinity.clientIp(10800));
    Endpoint dead = rr.next("10.1.1.1", false, T0).orElseThrow();
    Endpoint retried = rr.next("10.1.1.1", true, T0).orElseThrow();
    assertThat(retried).isNotEqualTo(dead);
    assertThat(rr.next("10.1.1.1", false, T0)).contains(retried);
  }

  @Test
  void endpointsThatLeaveReleaseTheirClientsAndTheSameSetInAnotherOrderChangesNothing() {
    RoundRobin rr = new RoundRobin(new Random(1));
    rr.update(List.of(A, B), SessionAffinity.clientIp(10800));
    Endpoint stuck = rr.next("10.1.1.1", false, T0).orElseThrow();
    Endpoint next = rr.next("10.1.1.2", false, T0).orElseThrow();
    rr.update(List.of(B, A), SessionAffinity.clientIp(10800));
    assertThat(rr.next("10.1.1.1", false, T0)).contains(stuck);
    assertThat(rr.next("10.1.1.3", false, T0)).contains(stuck); // the rotation went on where it was, not restarted
    rr.update(List.of(next, C), SessionAffinity.clientIp(10800));
    assertThat(rr.stickyClients()).isEqualTo(1); // 10.1.1.2 stays on `next`; the others' endpoint left
    assertThat(rr.next("10.1.1.2", false, T0)).contains(next);
  }

  @Test
  void aChangedAffinityForgetsEveryClient() {
    RoundRobin rr = new RoundRobin(new Random(1));
    rr.update(List.of(A, B), SessionAffinity.clientIp(10800));
    rr.next("10.1.1.1", false, T0);
    rr.update(List.of(A, B), SessionAffinity.clientIp(60));
    assertThat(rr.stickyClients()).isZero();
  }
}
