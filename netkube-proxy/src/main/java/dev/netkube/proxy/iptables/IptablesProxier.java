package dev.netkube.proxy.iptables;

import dev.netkube.proxy.conntrack.ConntrackCommand;
import dev.netkube.proxy.health.ProxyHealth;
import dev.netkube.proxy.metrics.ProxyMetrics;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.rules.iptables.IptablesJumps;
import dev.netkube.proxy.rules.iptables.IptablesRules;
import dev.netkube.proxy.rules.iptables.PortChains;
import dev.netkube.proxy.server.ClusterState;
import dev.netkube.proxy.server.Proxier;
import dev.netkube.proxy.server.SyncBookkeeping;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy's iptables proxier: each sync one {@code iptables-restore --noflush} of the filter and nat tables. As
 * upstream since 1.26 (KEP-3453) a sync rewrites the fixed chains whole but only the service chains that changed,
 * deleting the ones no service has any more; the first sync, the one after a failure, and one an hour are full
 * (every chain rewritten, the jumps from the built-in chains checked).
 */
public final class IptablesProxier implements Proxier {
  private static final Logger LOG = LoggerFactory.getLogger(IptablesProxier.class);
  private static final Duration RETRY = Duration.ofSeconds(1);
  /** Upstream's forced full sync period: a rule someone deleted by hand comes back within it. */
  private static final Duration FULL_SYNC_PERIOD = Duration.ofHours(1);

  private final NodeFacts node;
  private final IptablesCommand iptables;
  private final Clock clock;
  private final SyncBookkeeping bookkeeping;
  private final PortChainsCache cache = new PortChainsCache();
  private final WrittenChains written = new WrittenChains();
  private boolean needFullSync = true;
  private long lastFullSyncMillis;

  /** @param afterSync told each snapshot written (the health check ports follow it) */
  public IptablesProxier(NodeFacts node, ClusterState state, IptablesCommand iptables, ConntrackCommand conntrack,
      ProxyMetrics metrics, ProxyHealth health, Clock clock, Consumer<ClusterState.Snapshot> afterSync) {
    this.node = node;
    this.iptables = iptables;
    this.clock = clock;
    this.bookkeeping = new SyncBookkeeping(state, conntrack, metrics, health, clock, afterSync);
  }

  @Override
  public SyncOutcome sync() {
    SyncBookkeeping.Start start = bookkeeping.start();
    ClusterState.Snapshot snapshot = start.snapshot();
    IptablesRules rules = cache.generate(node, snapshot.ports(), snapshot.endpoints());
    boolean full = needFullSync || clock.millis() - lastFullSyncMillis >= FULL_SYNC_PERIOD.toMillis();
    List<PortChains> changed = full ? rules.ports() : written.changed(rules);
    Set<String> deleted = new TreeSet<>(written.chains());
    deleted.removeAll(rules.serviceChains());
    String restore = rules.restore(changed, deleted);
    if (iptables.restore(restore) instanceof IptablesCommand.Result.Failed f) {
      needFullSync = true;
      bookkeeping.failed(start);
      LOG.error("iptables-restore failed (the next sync is a full sync): {}", f.error());
      return new SyncOutcome.Failed(f.error(), RETRY);
    }
    if (full) {
      Optional<String> error = ensureJumps();
      if (error.isPresent()) {
        needFullSync = true;
        bookkeeping.failed(start);
        LOG.error("adding the jumps to kube-proxy's chains failed (the next sync is a full sync): {}", error.get());
        return new SyncOutcome.Failed(error.get(), RETRY);
      }
      needFullSync = false;
      lastFullSyncMillis = clock.millis();
    }
    written.wrote(rules);
    double seconds = bookkeeping.succeeded(start, full);
    if (full || !changed.isEmpty() || !deleted.isEmpty()) {
      LOG.info("{} sync: {} service ports, {} rewritten, {} chains deleted, in {} ms", full ? "full" : "partial",
          snapshot.ports().size(), changed.size(), deleted.size(), Math.round(seconds * 1000));
    }
    return new SyncOutcome.Synced(Optional.empty());
  }

  private Optional<String> ensureJumps() {
    List<String> errors = new ArrayList<>();
    for (IptablesJumps.Jump jump : IptablesJumps.ALL) {
      if (iptables.ensureRuleFirst(jump.table(), jump.from(), jump.args()) instanceof IptablesCommand.Result.Failed f) {
        errors.add(jump.table() + " " + jump.from() + " -> " + jump.to() + ": " + f.error());
      }
    }
    return errors.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", errors));
  }
}
