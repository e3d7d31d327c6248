package dev.netkube.agent;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Gives the heap back once the agent has been idle for a while: the serial collector shrinks the
 * heap only after a full collection, so a burst of pods would otherwise leave the agent at its
 * high-water mark for good. When nothing happened for {@link #QUIET_CHECKS} checks in a row and
 * more than {@link #SLACK_BYTES} of the committed heap is free, one full collection.
 */
final class IdleHeapTrimmer {
  static final long PERIOD_SECONDS = 10;
  static final int QUIET_CHECKS = 2;
  static final long SLACK_BYTES = 8L << 20;

  private final LongSupplier activity;
  private long lastActivity = -1;
  private int quiet;
  private boolean trimmedSinceActivity;

  /** {@code activity}: a counter that moves whenever the agent works (pod syncs, status posts). */
  IdleHeapTrimmer(LongSupplier activity) { this.activity = activity; }

  void start(ScheduledExecutorService timers) {
    timers.scheduleWithFixedDelay(this::check, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
  }

  /** Pure decision: trim now? */
  static boolean shouldTrim(int quietChecks, boolean trimmedSinceActivity, long committed, long used) {
    return quietChecks >= QUIET_CHECKS && !trimmedSinceActivity && committed - used > SLACK_BYTES;
  }

  private void check() {
    long now = activity.getAsLong();
    if (now != lastActivity) {
      lastActivity = now;
      quiet = 0;
      trimmedSinceActivity = false;
      return;
    }
    quiet++;
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    if (shouldTrim(quiet, trimmedSinceActivity, heap.getCommitted(), heap.getUsed())) {
      System.gc(); // the serial collector's full collection resizes the heap to MaxHeapFreeRatio
      trimmedSinceActivity = true;
    }
  }
}
