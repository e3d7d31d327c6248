package dev.netkube.cli.cluster.routes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one routing table's pod routes right as nodes come, change their podCIDR or InternalIP,
 * and go (kubenet / host-gw): on every such change of the Node informer, and every 30 s to
 * repair what someone else changed, it reads the device's routes, works out the wanted ones
 * ({@link WantedRoutes}) and applies the difference ({@link RouteDiff}) in one {@code ip -batch}.
 * Changes are coalesced: one sync at a time, on one thread. Nothing is done before the
 * informer has synced: a partial cache would delete the routes of nodes not listed yet.
 *
 * <p>The server runs one for the host ({@link RouteScope#host}, on the controllers' informer);
 * each node agent runs one in its namespace ({@link RouteScope#node}).
 */
public final class RouteKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RouteKeeper.class);
  static final Duration RESYNC = Duration.ofSeconds(30);
  static final Duration NOT_SYNCED_POLL = Duration.ofMillis(50);
  static final Duration MAX_RETRY = Duration.ofSeconds(10);

  private final SharedIndexInformer<Node> nodes;
  private final boolean ownsInformer;
  private final RouteScope scope;
  private final RouteTable table;
  private final ScheduledExecutorService worker;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicLong syncs = new AtomicLong();
  private final ResourceEventHandler<Node> handler;
  private volatile long retryMillis = 100;
  private volatile String lastFailure = "";

  private RouteKeeper(SharedIndexInformer<Node> nodes, boolean ownsInformer, RouteScope scope, RouteTable table) {
    this.nodes = nodes;
    this.ownsInformer = ownsInformer;
    this.scope = scope;
    this.table = table;
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "route-keeper-" + scope.device());
      t.setDaemon(true);
      return t;
    });
    this.handler = new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) { request(); }

      @Override
      public void onUpdate(Node old, Node node) {
        // status heartbeats change nothing routing reads: no sync for them
        if (!Objects.equals(NodeRoutes.of(old), NodeRoutes.of(node))) request();
      }

      @Override
      public void onDelete(Node node, boolean finalStateUnknown) { request(); }
    };
  }

  /** Keeps the routes on a (shared) informer that the caller starts and stops. */
  public static RouteKeeper start(SharedIndexInformer<Node> nodes, RouteScope scope, RouteTable table) {
    RouteKeeper keeper = new RouteKeeper(nodes, false, scope, table);
    keeper.begin();
    return keeper;
  }

  /** Keeps the routes on an informer of its own over every node (a kubelet watches only its own Node). */
  public static RouteKeeper start(KubernetesClient client, RouteScope scope, RouteTable table) {
    SharedIndexInformer<Node> informer = client.nodes().runnableInformer(0);
    RouteKeeper keeper = new RouteKeeper(informer, true, scope, table);
    keeper.begin();
    informer.start();
    return keeper;
  }

  private void begin() {
    nodes.addEventHandler(handler);
    worker.scheduleWithFixedDelay(this::request, RESYNC.toMillis(), RESYNC.toMillis(), TimeUnit.MILLISECONDS);
    request();
  }

  /** Asks for a sync; one is queued at most. */
  void request() {
    if (pending.compareAndSet(false, true)) {
      try {
        worker.execute(this::sync);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        pending.set(false);
      }
    }
  }

  private void sync() {
    pending.set(false);
    if (!nodes.hasSynced()) {
      schedule(NOT_SYNCED_POLL);
      return;
    }
    try {
      List<NodeRoute> known = new ArrayList<>();
      for (Node n : nodes.getStore().list()) known.add(NodeRoutes.of(n));
      List<String> commands = syncOnce(scope, table, known);
      if (!commands.isEmpty()) LOG.info("{}: {}", table, commands);
      syncs.incrementAndGet();
      retryMillis = 100;
      lastFailure = "";
    } catch (RuntimeException e) {
      String why = Optional.ofNullable(e.getMessage()).orElse(e.getClass().getName());
      if (!why.equals(lastFailure)) LOG.warn("{}: sync failed, retrying: {}", table, why);
      lastFailure = why;
      schedule(Duration.ofMillis(retryMillis));
      retryMillis = Math.min(retryMillis * 2, MAX_RETRY.toMillis());
    }
  }

  private void schedule(Duration after) {
    try {
      worker.schedule(this::request, after.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // closing
    }
  }

  /**
   * One sync of the table with these nodes, without an informer: reads the device's routes,
   * applies what differs from the wanted ones; returns the commands it ran (none when right).
   */
  public static List<String> syncOnce(RouteScope scope, RouteTable table, List<NodeRoute> nodes) {
    DeviceRoutes device = table.read();
    List<String> commands = RouteDiff.between(WantedRoutes.of(scope, device, nodes), device.ours());
    if (!commands.isEmpty()) table.apply(commands);
    return commands;
  }

  /** Completed syncs so far (for tests and status). */
  public long syncs() { return syncs.get(); }

  /** Stops keeping the routes; they stay as they are (a restarted keeper takes them over). */
  @Override
  public void close() {
    worker.shutdownNow();
    try {
      nodes.removeEventHandler(handler);
    } catch (RuntimeException ignored) {
      // the informer is stopping too
    }
    if (ownsInformer) nodes.stop();
  }
}
