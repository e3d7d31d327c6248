package dev.netkube.controllers.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Worker threads that take keys from a {@link WorkQueue} and reconcile them, as client-go controllers do. */
public final class ReconcileLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

  private final String name;
  private final WorkQueue queue;
  private final Reconciler reconciler;
  private final List<Thread> workers = new ArrayList<>();

  public ReconcileLoop(String name, Reconciler reconciler) {
    this.name = name;
    this.queue = new WorkQueue(name);
    this.reconciler = reconciler;
  }

  public WorkQueue queue() { return queue; }

  public void start(int workerCount) {
    for (int i = 0; i < workerCount; i++) {
      Thread t = new Thread(this::work, name + "-" + (i + 1));
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  private void work() {
    try {
      while (true) {
        Optional<String> next = queue.take();
        if (next.isEmpty()) return;
        String key = next.get();
        try {
          Result result = reconciler.reconcile(key);
          queue.forget(key);
          if (result instanceof Result.RequeueAfter later) queue.addAfter(key, later.delay());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (Exception e) {
          int failures = queue.failures(key);
          if (failures < 3) LOG.debug("{}: syncing {} failed, will retry: {}", name, key, e.toString());
          else LOG.warn("{}: syncing {} failed {} times, will retry: {}", name, key, failures + 1, e.toString());
          queue.addRateLimited(key);
        } finally {
          queue.done(key);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    queue.shutDown();
    workers.forEach(Thread::interrupt);
  }
}
