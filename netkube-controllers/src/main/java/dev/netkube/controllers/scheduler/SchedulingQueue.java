package dev.netkube.controllers.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Upstream's scheduling queue, by pod key: activeQ (higher priority first, then first come),
 * backoffQ (a pod that failed waits 1 s, doubling up to 10 s) and the unschedulable pods, which go
 * back to activeQ (or backoffQ while backing off) when the cluster changes in a way that may help
 * ({@link #moveAllToActiveOrBackoff}) or after 5 minutes at the latest. A pod is never popped twice at once.
 */
public final class SchedulingQueue {
  static final long INITIAL_BACKOFF = TimeUnit.SECONDS.toNanos(1);
  static final long MAX_BACKOFF = TimeUnit.SECONDS.toNanos(10);
  static final long MAX_UNSCHEDULABLE = TimeUnit.MINUTES.toNanos(5);

  private static final class Entry {
    final String key;
    int priority;
    long seq;
    int attempts;
    long backoffUntil;
    long unschedulableSince;

    Entry(String key, int priority) {
      this.key = key;
      this.priority = priority;
    }
  }

  private final LongSupplier nanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Entry> active = new PriorityQueue<>((a, b) ->
      a.priority != b.priority ? Integer.compare(b.priority, a.priority) : Long.compare(a.seq, b.seq));
  private final PriorityQueue<Entry> backoff = new PriorityQueue<>((a, b) -> Long.compare(a.backoffUntil, b.backoffUntil));
  private final Map<String, Entry> unschedulable = new HashMap<>();
  /** Every key the queue knows: queued, backing off, unschedulable or in flight. */
  private final Map<String, Entry> all = new HashMap<>();
  /** In flight (popped, not yet done) → whether it changed or the cluster moved meanwhile. */
  private final Map<String, Boolean> inFlight = new HashMap<>();
  private long seq;
  private long lastStaleCheck = Long.MIN_VALUE / 2;
  private boolean closed;

  public SchedulingQueue(LongSupplier nanos) { this.nanos = nanos; }

  /** A pending pod appeared or changed: queue it, or bring it back from the unschedulable pods. */
  public void add(String key, int priority) {
    lock.lock();
    try {
      Entry e = all.get(key);
      if (e == null) {
        e = new Entry(key, priority);
        all.put(key, e);
        pushActive(e);
        return;
      }
      e.priority = priority;
      if (inFlight.containsKey(key)) inFlight.put(key, true);
      else if (unschedulable.remove(key) != null) requeue(e, nanos.getAsLong());
    } finally {
      lock.unlock();
    }
  }

  public void delete(String key) {
    lock.lock();
    try {
      Entry e = all.remove(key);
      if (e == null) return;
      active.remove(e);
      backoff.remove(e);
      unschedulable.remove(key);
      inFlight.remove(key);
    } finally {
      lock.unlock();
    }
  }

  /** The next pod to schedule, waiting for one; empty once closed or after {@code maxWaitNanos}. */
  public Optional<String> pop(long maxWaitNanos) throws InterruptedException {
    lock.lock();
    try {
      long deadline = nanos.getAsLong() + maxWaitNanos;
      while (!closed) {
        long now = nanos.getAsLong();
        flush(now);
        Entry e = active.poll();
        if (e != null) {
          inFlight.put(e.key, false);
          e.attempts++;
          return Optional.of(e.key);
        }
        long wait = deadline - now;
        if (wait <= 0) return Optional.empty();
        Entry next = backoff.peek();
        if (next != null) wait = Math.min(wait, Math.max(1, next.backoffUntil - now));
        changed.awaitNanos(wait);
      }
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  /** Scheduled (or gone): the key leaves the queue. */
  public void done(String key) {
    lock.lock();
    try {
      inFlight.remove(key);
      all.remove(key);
    } finally {
      lock.unlock();
    }
  }

  /** No node fits: wait for a cluster change (or back off, when one happened during the attempt). */
  public void unschedulable(String key) {
    lock.lock();
    try {
      Boolean moved = inFlight.remove(key);
      Entry e = all.get(key);
      if (e == null) return;
      long now = nanos.getAsLong();
      e.backoffUntil = now + backoffOf(e.attempts);
      if (Boolean.TRUE.equals(moved)) {
        requeue(e, now);
      } else {
        e.unschedulableSince = now;
        unschedulable.put(key, e);
      }
    } finally {
      lock.unlock();
    }
  }

  /** An error (e.g. the binding failed): retry after the pod's back-off. */
  public void retry(String key) {
    lock.lock();
    try {
      inFlight.remove(key);
      Entry e = all.get(key);
      if (e == null) return;
      e.backoffUntil = nanos.getAsLong() + backoffOf(e.attempts);
      backoff.add(e);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A node or pod change that may make unschedulable pods fit. */
  public void moveAllToActiveOrBackoff() {
    lock.lock();
    try {
      long now = nanos.getAsLong();
      for (Entry e : unschedulable.values()) requeue(e, now);
      unschedulable.clear();
      inFlight.replaceAll((k, v) -> true);
    } finally {
      lock.unlock();
    }
  }

  public int pendingCount() {
    lock.lock();
    try {
      return all.size();
    } finally {
      lock.unlock();
    }
  }

  /** Sizes of activeQ, backoffQ and the unschedulable pods, for tests and logs. */
  public List<Integer> sizes() {
    lock.lock();
    try {
      return List.of(active.size(), backoff.size(), unschedulable.size());
    } finally {
      lock.unlock();
    }
  }

  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  static long backoffOf(int attempts) {
    long d = INITIAL_BACKOFF;
    for (int i = 1; i < attempts && d < MAX_BACKOFF; i++) d *= 2;
    return Math.min(d, MAX_BACKOFF);
  }

  private void requeue(Entry e, long now) {
    if (e.backoffUntil > now) backoff.add(e); else pushActive(e);
    changed.signalAll();
  }

  private void pushActive(Entry e) {
    e.seq = seq++;
    active.add(e);
    changed.signalAll();
  }

  private void flush(long now) {
    while (!backoff.isEmpty() && backoff.peek().backoffUntil <= now) pushActive(backoff.poll());
    if (unschedulable.isEmpty() || now - lastStaleCheck < TimeUnit.SECONDS.toNanos(1)) return;
    lastStaleCheck = now;
    List<Entry> stale = new ArrayList<>();
    for (Iterator<Entry> it = unschedulable.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (now - e.unschedulableSince >= MAX_UNSCHEDULABLE) {
        stale.add(e);
        it.remove();
      }
    }
    for (Entry e : stale) pushActive(e);
  }
}
