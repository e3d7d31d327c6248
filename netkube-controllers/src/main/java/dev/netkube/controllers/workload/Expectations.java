package dev.netkube.controllers.workload;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's (UID-tracking) ControllerExpectations: after a controller asks for N creations and
 * some deletions it does not act on that controller key again until its informer has seen them
 * all (or five minutes passed), so a lagging cache never makes it create or delete twice.
 */
public final class Expectations {
  public static final Duration TTL = Duration.ofMinutes(5);

  private record Pending(int creations, Set<String> deletions, Instant since) {}

  private final Map<String, Pending> pending = new HashMap<>();

  public synchronized boolean satisfied(String key, Instant now) {
    Pending p = pending.get(key);
    if (p == null) return true;
    if ((p.creations() <= 0 && p.deletions().isEmpty()) || !p.since().plus(TTL).isAfter(now)) return true;
    return false;
  }

  public synchronized void expectCreations(String key, int count, Instant now) {
    pending.put(key, new Pending(count, new HashSet<>(), now));
  }

  public synchronized void expectDeletions(String key, Collection<String> podKeys, Instant now) {
    pending.put(key, new Pending(0, new HashSet<>(podKeys), now));
  }

  /** A creation seen by the informer, or one that will never happen (it failed or was skipped). */
  public synchronized void creationObserved(String key) {
    Pending p = pending.get(key);
    if (p != null) pending.put(key, new Pending(p.creations() - 1, p.deletions(), p.since()));
  }

  public synchronized void creationsSkipped(String key, int count) {
    Pending p = pending.get(key);
    if (p != null) pending.put(key, new Pending(p.creations() - count, p.deletions(), p.since()));
  }

  /** A deletion seen (deletionTimestamp set, or gone), counted once per pod. */
  public synchronized void deletionObserved(String key, String podKey) {
    Pending p = pending.get(key);
    if (p != null) p.deletions().remove(podKey);
  }

  public synchronized void forget(String key) { pending.remove(key); }
}
