package dev.netkube.agent.pods;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * kubelet's container restart back-off (client-go's flowcontrol.Backoff with kubelet's 10 s
 * initial and 300 s maximum): the first restart after a failure is immediate; while a container
 * keeps failing, each restart waits twice as long as the one before, up to 5 minutes; an entry not
 * touched for twice the maximum (10 minutes of running) starts again at 10 s. Keyed per pod
 * container. Pure: the caller passes the times.
 */
public final class RestartBackOff {
  public static final Duration INITIAL = Duration.ofSeconds(10);
  public static final Duration MAX = Duration.ofMinutes(5);

  private record Entry(Duration backoff, Instant lastUpdate) {}

  private final Duration initial;
  private final Duration max;
  private final Map<String, Entry> entries = new HashMap<>();

  public RestartBackOff() { this(INITIAL, MAX); }

  public RestartBackOff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /**
   * Whether the container that finished at {@code finishedAt} must still wait at {@code now}: the
   * wait's length (for kubelet's message "back-off 20s restarting failed container=...") if so.
   */
  public synchronized Optional<Duration> waiting(String key, Instant finishedAt, Instant now) {
    Entry e = entries.get(key);
    if (e == null || expired(finishedAt, e)) return Optional.empty();
    return Duration.between(finishedAt, now).compareTo(e.backoff()) < 0 ? Optional.of(e.backoff()) : Optional.empty();
  }

  /** The container restarts now: the next failure waits longer (kubelet calls Next with the finish time). */
  public synchronized void restarting(String key, Instant finishedAt) {
    Entry e = entries.get(key);
    Duration next = e == null || expired(finishedAt, e) ? initial : min(e.backoff().multipliedBy(2), max);
    entries.put(key, new Entry(next, finishedAt));
  }

  /** When the wait of a container that finished at {@code finishedAt} ends, for scheduling the next look. */
  public synchronized Optional<Instant> retryAt(String key, Instant finishedAt) {
    Entry e = entries.get(key);
    return e == null || expired(finishedAt, e) ? Optional.empty() : Optional.of(finishedAt.plus(e.backoff()));
  }

  public synchronized void forget(String key) { entries.remove(key); }

  private boolean expired(Instant eventTime, Entry e) {
    return Duration.between(e.lastUpdate(), eventTime).compareTo(max.multipliedBy(2)) > 0;
  }

  private static Duration min(Duration a, Duration b) { return a.compareTo(b) <= 0 ? a : b; }

  /** Go's time.Duration.String() for whole seconds and minutes, as kubelet prints the back-off: 10s, 1m20s, 5m0s. */
  public static String goDuration(Duration d) {
    long s = d.getSeconds();
    if (s < 60) return s + "s";
    long m = s / 60;
    return m + "m" + (s % 60) + "s";
  }
}
