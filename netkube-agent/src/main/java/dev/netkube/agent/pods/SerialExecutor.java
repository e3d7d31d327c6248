package dev.netkube.agent.pods;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in order, on a shared pool: each pod gets one, so a pod's work never
 * races with itself while different pods start in parallel (kubelet: one goroutine per pod worker).
 */
public final class SerialExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
  private final Executor pool;
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private boolean draining;

  public SerialExecutor(Executor pool) { this.pool = pool; }

  @Override
  public void execute(Runnable task) {
    synchronized (tasks) {
      tasks.add(task);
      if (draining) return;
      draining = true;
    }
    pool.execute(this::drain);
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (tasks) {
        next = tasks.poll();
        if (next == null) {
          draining = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        LOG.warn("task failed", e);
      }
    }
  }
}
