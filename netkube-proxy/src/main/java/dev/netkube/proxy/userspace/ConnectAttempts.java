package dev.netkube.proxy.userspace;

import dev.netkube.proxy.model.Endpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The endpoints one client connection tries, as upstream's tryConnect: up to four, with dial timeouts of 250 ms,
 * 500 ms, 1 s and 2 s; after a failure the next one is asked with affinity reset, so a client stuck to a dead
 * endpoint moves on (and sticks to the one that answers). Not thread-safe: one per connection.
 */
public final class ConnectAttempts {
  /** Upstream's endpointDialTimeout. */
  public static final List<Duration> DIAL_TIMEOUTS =
      List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));

  private final RoundRobin balancer;
  private final String clientIp;
  private final Clock clock;
  private int made;

  /** One endpoint to connect to, and how long the dial may take. */
  public record Attempt(Endpoint endpoint, Duration timeout) {}

  public ConnectAttempts(RoundRobin balancer, String clientIp, Clock clock) {
    this.balancer = balancer;
    this.clientIp = clientIp;
    this.clock = clock;
  }

  /** The next attempt; empty when the port has no endpoints or all four attempts failed. */
  public Optional<Attempt> next() {
    if (made >= DIAL_TIMEOUTS.size()) return Optional.empty();
    Optional<Endpoint> endpoint = balancer.next(clientIp, made > 0, clock.instant());
    if (endpoint.isEmpty()) return Optional.empty();
    return Optional.of(new Attempt(endpoint.get(), DIAL_TIMEOUTS.get(made++)));
  }

  /** Attempts made so far. */
  public int made() { return made; }
}
