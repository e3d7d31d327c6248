package dev.netkube.proxy.server;

import dev.netkube.proxy.conntrack.ConntrackCommand;
import dev.netkube.proxy.conntrack.ConntrackFlush;
import dev.netkube.proxy.conntrack.StaleUdpEntries;
import dev.netkube.proxy.health.ProxyHealth;
import dev.netkube.proxy.metrics.ProxyMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every proxier does around writing its rules, as upstream's syncProxyRules: take the change triggers and the
 * state; after a failure requeue the triggers and count it; after a success clear stale UDP conntrack entries (only
 * then: an entry deleted before the rules changed would be made again the old way), tell the health check ports,
 * record durations and network programming latency, mark the proxy healthy.
 */
public final class SyncBookkeeping {
  private static final Logger LOG = LoggerFactory.getLogger(SyncBookkeeping.class);
  private final ClusterState state;
  private final ConntrackCommand conntrack;
  private final ProxyMetrics metrics;
  private final ProxyHealth health;
  private final Clock clock;
  private final Consumer<ClusterState.Snapshot> afterSync;
  /** What the last successful sync wrote: the stale UDP entries are those of its endpoints that left. */
  private ClusterState.Snapshot applied = new ClusterState.Snapshot(List.of(), Map.of());

  public SyncBookkeeping(ClusterState state, ConntrackCommand conntrack, ProxyMetrics metrics, ProxyHealth health, Clock clock,
      Consumer<ClusterState.Snapshot> afterSync) {
    this.state = state;
    this.conntrack = conntrack;
    this.metrics = metrics;
    this.health = health;
    this.clock = clock;
    this.afterSync = afterSync;
  }

  /** One sync's inputs. Triggers are taken before the snapshot: a change in between counts at the next sync. */
  public record Start(long nanos, List<Instant> triggers, ClusterState.Snapshot snapshot) {}

  public Start start() {
    long nanos = System.nanoTime();
    List<Instant> triggers = state.takeTriggers();
    return new Start(nanos, triggers, state.snapshot());
  }

  public void failed(Start start) {
    state.requeue(start.triggers());
    metrics.syncFailures.incrementAndGet();
  }

  /** @return the sync's duration in seconds */
  public double succeeded(Start start, boolean full) {
    ClusterState.Snapshot snapshot = start.snapshot();
    List<ConntrackFlush> stale = StaleUdpEntries.between(applied.ports(), applied.endpoints(), snapshot.ports(), snapshot.endpoints());
    if (!stale.isEmpty()) {
      int failed = conntrack.flush(stale);
      LOG.info("cleared stale UDP conntrack entries: {}{}", stale, failed > 0 ? " (" + failed + " failed)" : "");
    }
    applied = snapshot;
    afterSync.accept(snapshot);
    double seconds = (System.nanoTime() - start.nanos()) / 1e9;
    metrics.syncDuration.observe(seconds);
    (full ? metrics.fullSyncDuration : metrics.partialSyncDuration).observe(seconds);
    metrics.synced(clock.millis() / 1000.0);
    // upstream's network programming latency: from the change's trigger (a pod turning ready...) to the rules written
    for (Instant t : start.triggers()) metrics.networkProgramming.observe(Duration.between(t, clock.instant()).toMillis() / 1000.0);
    health.updated();
    return seconds;
  }
}
