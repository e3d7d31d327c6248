package dev.netkube.proxy.server;

import java.time.Duration;

/** One data plane (nftables, iptables, userspace): makes the node's forwarding match the cluster state. */
public interface Proxier {
  /** One sync of everything that changed; called from one thread only. */
  SyncOutcome sync();

  /** The next sync rewrites everything. */
  void forceFullSync();

  /** What a sync did. */
  sealed interface SyncOutcome {
    /** @param again when set, a sync is wanted after this long (stale chains become deletable) */
    record Synced(boolean full, int changedServicePorts, java.util.Optional<Duration> again) implements SyncOutcome {}

    record Failed(String error, Duration retryAfter) implements SyncOutcome {}
  }
}
