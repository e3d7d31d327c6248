package dev.netkube.proxy.nftables;

import dev.netkube.proxy.conntrack.ConntrackCommand;
import dev.netkube.proxy.conntrack.ConntrackFlush;
import dev.netkube.proxy.conntrack.StaleUdpEntries;
import dev.netkube.proxy.health.ProxyHealth;
import dev.netkube.proxy.metrics.ProxyMetrics;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.nft.NftCommand;
import dev.netkube.proxy.rules.nftables.ChangeTracker;
import dev.netkube.proxy.rules.nftables.GeneratedRules;
import dev.netkube.proxy.rules.nftables.IncrementalGenerator;
import dev.netkube.proxy.rules.nftables.SyncPlan;
import dev.netkube.proxy.server.ClusterState;
import dev.netkube.proxy.server.Proxier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy's nftables proxier: on each sync, the cluster state through the pure generator, the change tracker's
 * plan (a partial transaction, or a full one after any failure), applied with one {@code nft -f}. Runs on the
 * sync runner's single thread only.
 */
public final class NftablesProxier implements Proxier {
  private static final Logger LOG = LoggerFactory.getLogger(NftablesProxier.class);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final NodeFacts node;
  private final ClusterState state;
  private final NftCommand nft;
  private final ProxyMetrics metrics;
  private final ProxyHealth health;
  private final Clock clock;
  private final ChangeTracker tracker = new ChangeTracker();
  private final IncrementalGenerator generator = new IncrementalGenerator();
  private final ConntrackCommand conntrack;
  private final Consumer<ClusterState.Snapshot> afterSync;
  /** What the last successful sync wrote: the stale UDP entries are those of its endpoints that left. */
  private ClusterState.Snapshot applied = new ClusterState.Snapshot(List.of(), Map.of());

  /** @param afterSync told each snapshot written (the health check ports follow it) */
  public NftablesProxier(NodeFacts node, ClusterState state, NftCommand nft, ConntrackCommand conntrack, ProxyMetrics metrics,
      ProxyHealth health, Clock clock, Consumer<ClusterState.Snapshot> afterSync) {
    this.node = node;
    this.state = state;
    this.nft = nft;
    this.conntrack = conntrack;
    this.metrics = metrics;
    this.health = health;
    this.clock = clock;
    this.afterSync = afterSync;
  }

  @Override
  public SyncOutcome sync() {
    long started = System.nanoTime();
    // taken before the snapshot: a change arriving between the two is counted by the next sync, never too early
    List<Instant> triggers = state.takeTriggers();
    ClusterState.Snapshot snapshot = state.snapshot();
    GeneratedRules next = generator.generate(node, snapshot.ports(), snapshot.endpoints());
    SyncPlan plan = tracker.plan(next, clock.instant());
    plan.cleanup().ifPresent(cleanup -> {
      // stale chains are deleted apart: a kernel still holding a reference fails only this part
      if (nft.apply(cleanup) instanceof NftCommand.Result.Failed f) {
        metrics.cleanupFailures.incrementAndGet();
        LOG.warn("deleting stale chains failed (retried at the next sync): {}", f.error());
      }
    });
    if (plan.transaction().isPresent() && nft.apply(plan.transaction().get()) instanceof NftCommand.Result.Failed f) {
      tracker.failed();
      state.requeue(triggers);
      metrics.syncFailures.incrementAndGet();
      LOG.error("nftables sync failed (the next one is a full sync): {}", f.error());
      return new SyncOutcome.Failed(f.error(), RETRY);
    }
    tracker.succeeded(plan);
    // only now: an entry deleted before the rules changed would be made again the old way
    List<ConntrackFlush> stale = StaleUdpEntries.between(applied.ports(), applied.endpoints(), snapshot.ports(), snapshot.endpoints());
    if (!stale.isEmpty()) {
      int failed = conntrack.flush(stale);
      LOG.info("cleared stale UDP conntrack entries: {}{}", stale, failed > 0 ? " (" + failed + " failed)" : "");
    }
    applied = snapshot;
    afterSync.accept(snapshot);
    double seconds = (System.nanoTime() - started) / 1e9;
    metrics.syncDuration.observe(seconds);
    (plan.kind() == SyncPlan.Kind.FULL ? metrics.fullSyncDuration : metrics.partialSyncDuration).observe(seconds);
    metrics.synced(clock.millis() / 1000.0);
    // upstream's network programming latency: from the change's trigger (a pod turning ready...) to the rules written
    for (Instant t : triggers) metrics.networkProgramming.observe(Duration.between(t, clock.instant()).toMillis() / 1000.0);
    health.updated();
    if (plan.kind() == SyncPlan.Kind.FULL || !plan.changed().isEmpty()) {
      LOG.info("{} sync: {} service ports, {} changed, in {} ms", plan.kind() == SyncPlan.Kind.FULL ? "full" : "partial",
          snapshot.ports().size(), plan.changed().size(), Math.round(seconds * 1000));
    }
    // chains left stale by this sync may be deleted a grace period later: a sync then, not at the next periodic one
    return new SyncOutcome.Synced(tracker.staleChains().isEmpty() ? Optional.empty()
        : Optional.of(ChangeTracker.STALE_CHAIN_GRACE.plusMillis(100)));
  }
}
