package dev.netkube.proxy.rules.nftables;

import java.util.List;
import java.util.Optional;

/** One nftables table as a value: its chains (in declaration order) and its sets and maps. */
public record Ruleset(String family, String table, String comment, List<Chain> chains, List<NftSet> sets) {
    public Ruleset {
        chains = List.copyOf(chains);
        sets = List.copyOf(sets);
    }

    public Optional<Chain> chain(String name) {
        return chains.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<NftSet> set(String name) {
        return sets.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
