package dev.netkube.proxy.server;

import java.time.Duration;
import java.util.Optional;

/** One data plane (nftables, iptables, userspace): makes the node's forwarding match the cluster state. */
public interface Proxier extends AutoCloseable {
  /** One sync of everything that changed; called from one thread only. */
  SyncOutcome sync();

  /** Stops what the proxier runs besides rules (the userspace proxy's listeners); rules stay, as upstream's do. */
  @Override
  default void close() {}

  /** What a sync did. */
  sealed interface SyncOutcome {
    /** @param again when set, a sync is wanted after this long (stale chains become deletable) */
    record Synced(Optional<Duration> again) implements SyncOutcome {}

    record Failed(String error, Duration retryAfter) implements SyncOutcome {}
  }
}
