package dev.netkube.proxy.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * kube-proxy's health (healthzBindAddress, /healthz and /livez): healthy once the rules were written, and as long
 * as a queued change is written within {@code timeout} (upstream: twice the sync period). Thread-safe.
 */
public final class ProxyHealth {
  private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS Z 'UTC'")
      .withZone(ZoneOffset.UTC);
  private final Clock clock;
  private final Duration timeout;
  private Optional<Instant> lastUpdated = Optional.empty();
  private Optional<Instant> oldestPending = Optional.empty();

  public ProxyHealth(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
  }

  /** A change arrived that the rules do not show yet. */
  public synchronized void queued() {
    if (oldestPending.isEmpty()) oldestPending = Optional.of(clock.instant());
  }

  /** The rules were written. */
  public synchronized void updated() {
    lastUpdated = Optional.of(clock.instant());
    oldestPending = Optional.empty();
  }

  public synchronized boolean healthy() {
    if (lastUpdated.isEmpty()) return false;
    return oldestPending.map(p -> Duration.between(p, clock.instant()).compareTo(timeout) <= 0).orElse(true);
  }

  /** Upstream's body: {"lastUpdated": ..., "currentTime": ..., "nodeEligible": true}. */
  public synchronized String body() {
    Instant now = clock.instant();
    return "{\"lastUpdated\": \"" + lastUpdated.map(GO_TIME::format).orElse("") + "\",\"currentTime\": \"" + GO_TIME.format(now)
        + "\", \"nodeEligible\": true}";
  }
}
