package dev.netkube.proxy.rules.nftables;

import dev.netkube.proxy.model.ServicePortName;
import java.util.List;

/**
 * Everything one service port owns in the table: its chains, its own sets (affinity sets, the
 * endpoint maps its chains pick from) and its elements in the shared maps. The unit of partial
 * sync: equal values mean nothing to write.
 */
public record ServicePortRules(ServicePortName name, List<Chain> chains, List<NftSet> sets, List<MapEntry> entries) {
    public ServicePortRules {
        chains = chains.stream().sorted(java.util.Comparator.comparing(Chain::name)).toList();
        sets = sets.stream().sorted(java.util.Comparator.comparing(NftSet::name)).toList();
        entries = entries.stream().sorted(java.util.Comparator.comparing(MapEntry::id)).toList();
    }
}
