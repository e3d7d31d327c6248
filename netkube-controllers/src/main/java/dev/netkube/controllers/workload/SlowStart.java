package dev.netkube.controllers.workload;

/**
 * Upstream's slowStartBatch: create in batches of 1, 2, 4, ... so that a request that fails for
 * every pod (quota, a bad template) fails once rather than hundreds of times. Stops after the
 * first batch with a failure; returns how many succeeded.
 */
public final class SlowStart {
  public static final int INITIAL_BATCH = 1;

  /** Runs {@code n} creations (in parallel, if it likes) and says how many succeeded. */
  @FunctionalInterface
  public interface Batch {
    int run(int n);
  }

  private SlowStart() {}

  public static int run(int count, Batch batch) {
    int done = 0;
    int size = Math.min(count, INITIAL_BATCH);
    while (size > 0) {
      int ok = batch.run(size);
      done += ok;
      if (ok < size) return done;
      int remaining = count - done;
      size = Math.min(2 * size, remaining);
    }
    return done;
  }
}
