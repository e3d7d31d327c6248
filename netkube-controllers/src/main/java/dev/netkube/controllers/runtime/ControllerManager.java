package dev.netkube.controllers.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-controller-manager's shell: registers every controller's informers, starts them, and
 * starts the controllers once all caches have synced. {@link #ready()} completes then.
 */
public final class ControllerManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);

  private final KubernetesClient client;
  private final List<Controller> controllers;
  private final ControllerContext context;
  private final ScheduledExecutorService timers;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();

  private ControllerManager(KubernetesClient client, List<Controller> controllers, String host) {
    this.client = client;
    this.controllers = List.copyOf(controllers);
    this.timers = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "controller-timer");
      t.setDaemon(true);
      return t;
    });
    this.context = new ControllerContext(client, timers, Clock.systemUTC(), host);
  }

  /** Starts in the background; the client is closed with the manager. */
  public static ControllerManager start(KubernetesClient client, List<Controller> controllers, String host) {
    ControllerManager manager = new ControllerManager(client, controllers, host);
    manager.run();
    return manager;
  }

  private void run() {
    long t0 = System.nanoTime();
    for (Controller c : controllers) c.register(context);
    CompletableFuture<?>[] syncs = context.informers().values().stream()
        .map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(syncs).whenComplete((ok, failure) -> {
      if (failure != null) {
        LOG.error("controller caches failed to sync", failure);
        ready.completeExceptionally(failure);
        return;
      }
      for (Controller c : controllers) {
        try {
          c.start();
        } catch (RuntimeException e) {
          LOG.error("controller {} failed to start", c.name(), e);
        }
      }
      LOG.info("{} controllers started, caches of {} resource types synced in {} ms", controllers.size(),
          context.informers().size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      ready.complete(null);
    });
  }

  public CompletableFuture<Void> ready() { return ready; }

  public ControllerContext context() { return context; }

  @Override
  public void close() {
    for (Controller c : controllers) {
      try {
        c.close();
      } catch (RuntimeException e) {
        LOG.warn("closing {} failed", c.name(), e);
      }
    }
    context.factory().stopAllRegisteredInformers();
    context.close();
    timers.shutdownNow();
    client.close();
  }
}
