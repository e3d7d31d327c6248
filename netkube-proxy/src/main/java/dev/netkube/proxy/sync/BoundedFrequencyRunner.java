package dev.netkube.proxy.sync;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy's BoundedFrequencyRunner: runs a sync on one thread, at most once per {@code minInterval} (changes
 * arriving meanwhile are folded into the next run) and at least once per {@code maxInterval}, and right away
 * when nothing ran for {@code minInterval}. A failing run is retried after {@code retryInterval}.
 */
public final class BoundedFrequencyRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BoundedFrequencyRunner.class);

  private final Runnable sync;
  private final long minNanos;
  private final long maxNanos;
  private final ScheduledExecutorService thread;
  private long lastRunNanos = Long.MIN_VALUE;
  /** A run is scheduled and has not begun: later requests are folded into it. */
  private boolean scheduled;
  private ScheduledFuture<?> pending;
  private ScheduledFuture<?> periodic;

  public BoundedFrequencyRunner(String name, Runnable sync, Duration minInterval, Duration maxInterval) {
    this.sync = sync;
    this.minNanos = minInterval.toNanos();
    this.maxNanos = maxInterval.toNanos();
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts the periodic runs; the first one now. */
  public synchronized void start() {
    periodic = thread.scheduleWithFixedDelay(this::periodicRun, 0, maxNanos, TimeUnit.NANOSECONDS);
  }

  /** Asks for a run: now if the last one was at least minInterval ago, else when that is over. */
  public synchronized void run() {
    // a run already in progress took its snapshot before this change: another one is scheduled behind it
    if (scheduled) return;
    long now = System.nanoTime();
    long wait = lastRunNanos == Long.MIN_VALUE ? 0 : Math.max(0, lastRunNanos + minNanos - now);
    schedule(wait);
  }

  /** Asks for a run after {@code delay} (a failed sync's retry). */
  public synchronized void retryAfter(Duration delay) {
    if (scheduled) return;
    schedule(delay.toNanos());
  }

  private void schedule(long nanos) {
    scheduled = true;
    pending = thread.schedule(this::runNow, nanos, TimeUnit.NANOSECONDS);
  }

  private void periodicRun() {
    long since;
    synchronized (this) {
      since = lastRunNanos == Long.MIN_VALUE ? Long.MAX_VALUE : System.nanoTime() - lastRunNanos;
    }
    if (since >= maxNanos - TimeUnit.MILLISECONDS.toNanos(50)) runNow();
  }

  private void runNow() {
    synchronized (this) {
      lastRunNanos = System.nanoTime();
      scheduled = false;
    }
    try {
      sync.run();
    } catch (RuntimeException e) {
      LOG.error("sync failed", e);
    }
  }

  @Override
  public synchronized void close() {
    if (periodic != null) periodic.cancel(false);
    if (pending != null) pending.cancel(false);
    thread.shutdownNow();
  }
}
