package dev.netkube.controllers.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * client-go's rate-limited work queue: a key is queued at most once however often it is added;
 * a key being processed and added again is processed once more after {@link #done}, never by two
 * workers at once. Failures back off exponentially per key (5 ms doubling, capped at 1000 s) until
 * {@link #forget}.
 */
public final class WorkQueue {
  private static final long BASE_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long MAX_DELAY_NANOS = TimeUnit.SECONDS.toNanos(1000);

  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private final Set<String> dirty = new HashSet<>();
  private final Set<String> processing = new HashSet<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final DelayQueue<Delayed> waiting = new DelayQueue<>();
  private final Thread delayer;
  private boolean shuttingDown;

  public WorkQueue(String name) {
    delayer = new Thread(this::moveDueKeys, name + "-delays");
    delayer.setDaemon(true);
    delayer.start();
  }

  public synchronized void add(String key) {
    if (shuttingDown || dirty.contains(key)) return;
    dirty.add(key);
    if (!processing.contains(key)) {
      queue.addLast(key);
      notifyAll();
    }
  }

  public void addAfter(String key, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    waiting.put(new DelayedKey(key, System.nanoTime() + delay.toNanos()));
  }

  /** Re-queues a key that failed, after its per-key exponential back-off. */
  public void addRateLimited(String key) {
    int n;
    synchronized (this) {
      n = failures.merge(key, 1, Integer::sum);
    }
    long delay = n > 40 ? MAX_DELAY_NANOS : Math.min(MAX_DELAY_NANOS, BASE_DELAY_NANOS << Math.min(n - 1, 40));
    addAfter(key, Duration.ofNanos(delay));
  }

  public synchronized void forget(String key) { failures.remove(key); }

  public synchronized int failures(String key) { return failures.getOrDefault(key, 0); }

  /** The next key to process, blocking; empty once the queue shuts down. */
  public synchronized Optional<String> take() throws InterruptedException {
    while (queue.isEmpty() && !shuttingDown) wait();
    if (queue.isEmpty()) return Optional.empty();
    String key = queue.removeFirst();
    processing.add(key);
    dirty.remove(key);
    return Optional.of(key);
  }

  public synchronized void done(String key) {
    processing.remove(key);
    if (dirty.contains(key)) {
      queue.addLast(key);
      notifyAll();
    }
  }

  public synchronized int length() { return queue.size(); }

  public synchronized void shutDown() {
    shuttingDown = true;
    notifyAll();
    delayer.interrupt();
  }

  private void moveDueKeys() {
    try {
      while (true) add(((DelayedKey) waiting.take()).key);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record DelayedKey(String key, long dueNanos) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) { return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS); }

    @Override
    public int compareTo(Delayed o) { return Long.compare(dueNanos, ((DelayedKey) o).dueNanos); }
  }
}
