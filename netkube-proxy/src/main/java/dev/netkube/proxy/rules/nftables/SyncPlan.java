package dev.netkube.proxy.rules.nftables;

import dev.netkube.proxy.model.ServicePortName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one sync writes: an optional cleanup transaction deleting chains stale for at least a
 * second (run first and apart, so a kernel still holding a reference fails only the cleanup),
 * then the sync's one atomic transaction (empty when nothing changed). Hand it back to
 * {@link ChangeTracker#succeeded} or {@link ChangeTracker#failed} once applied.
 */
public record SyncPlan(Kind kind, Optional<String> cleanup, Optional<String> transaction,
        List<ServicePortName> changed, GeneratedRules next, Map<String, Instant> staleChains) {

    public enum Kind { FULL, PARTIAL }

    public SyncPlan {
        changed = List.copyOf(changed);
        staleChains = Map.copyOf(staleChains);
    }
}
