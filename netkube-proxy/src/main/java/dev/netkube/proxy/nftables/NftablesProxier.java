package dev.netkube.proxy.nftables;

import dev.netkube.proxy.conntrack.ConntrackCommand;
import dev.netkube.proxy.health.ProxyHealth;
import dev.netkube.proxy.metrics.ProxyMetrics;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.nft.NftCommand;
import dev.netkube.proxy.rules.nftables.ChangeTracker;
import dev.netkube.proxy.rules.nftables.GeneratedRules;
import dev.netkube.proxy.rules.nftables.IncrementalGenerator;
import dev.netkube.proxy.rules.nftables.NftablesGenerator;
import dev.netkube.proxy.rules.nftables.SyncPlan;
import dev.netkube.proxy.server.ClusterState;
import dev.netkube.proxy.server.Proxier;
import dev.netkube.proxy.server.SyncBookkeeping;
import dev.netkube.proxy.trace.LiveRuleset;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
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
  private final NftCommand nft;
  private final ProxyMetrics metrics;
  private final Clock clock;
  private final SyncBookkeeping bookkeeping;
  private final ChangeTracker tracker = new ChangeTracker();
  private final IncrementalGenerator generator = new IncrementalGenerator();

  /** @param afterSync told each snapshot written (the health check ports follow it) */
  public NftablesProxier(NodeFacts node, ClusterState state, NftCommand nft, ConntrackCommand conntrack, ProxyMetrics metrics,
      ProxyHealth health, Clock clock, Consumer<ClusterState.Snapshot> afterSync) {
    this.node = node;
    this.nft = nft;
    this.metrics = metrics;
    this.clock = clock;
    this.bookkeeping = new SyncBookkeeping(state, conntrack, metrics, health, clock, afterSync);
  }

  /**
   * A full sync reads what the table holds first: after a restart, or a failure, chains and sets a proxy made before
   * are known only there, and must be retired with the rest (upstream lists the table for the same reason).
   */
  private SyncPlan fullPlan(GeneratedRules next) {
    Set<String> chains = Set.of();
    Set<String> sets = Set.of();
    if (nft.listTableJson("ip", NftablesGenerator.TABLE) instanceof NftCommand.Result.Ok ok) {
      LiveRuleset live = LiveRuleset.parse(ok.output(), "ip", NftablesGenerator.TABLE);
      chains = live.chains().keySet();
      sets = live.sets().keySet();
    }
    return tracker.plan(next, clock.instant(), chains, sets);
  }

  @Override
  public SyncOutcome sync() {
    SyncBookkeeping.Start start = bookkeeping.start();
    ClusterState.Snapshot snapshot = start.snapshot();
    GeneratedRules next = generator.generate(node, snapshot.ports(), snapshot.endpoints());
    SyncPlan plan = tracker.needsFullSync() ? fullPlan(next) : tracker.plan(next, clock.instant());
    plan.cleanup().ifPresent(cleanup -> {
      // stale chains are deleted apart: a kernel still holding a reference fails only this part
      if (nft.apply(cleanup) instanceof NftCommand.Result.Failed f) {
        metrics.cleanupFailures.incrementAndGet();
        LOG.warn("deleting stale chains failed (retried at the next sync): {}", f.error());
      }
    });
    if (plan.transaction().isPresent() && nft.apply(plan.transaction().get()) instanceof NftCommand.Result.Failed f) {
      tracker.failed();
      bookkeeping.failed(start);
      LOG.error("nftables sync failed (the next one is a full sync): {}", f.error());
      return new SyncOutcome.Failed(f.error(), RETRY);
    }
    tracker.succeeded(plan);
    double seconds = bookkeeping.succeeded(start, plan.kind() == SyncPlan.Kind.FULL);
    if (plan.kind() == SyncPlan.Kind.FULL || !plan.changed().isEmpty()) {
      LOG.info("{} sync: {} service ports, {} changed, in {} ms", plan.kind() == SyncPlan.Kind.FULL ? "full" : "partial",
          snapshot.ports().size(), plan.changed().size(), Math.round(seconds * 1000));
    }
    // chains left stale by this sync may be deleted a grace period later: a sync then, not at the next periodic one
    return new SyncOutcome.Synced(tracker.staleChains().isEmpty() ? Optional.empty()
        : Optional.of(ChangeTracker.STALE_CHAIN_GRACE.plusMillis(100)));
  }
}
