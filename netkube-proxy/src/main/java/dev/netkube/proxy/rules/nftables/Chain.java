package dev.netkube.proxy.rules.nftables;

import java.util.List;
import java.util.Optional;

/** A chain: a base chain when it has a hook, a regular chain (reached by jump/goto/vmap) otherwise. */
public record Chain(String name, Optional<BaseHook> hook, List<Rule> rules) {
    public Chain {
        rules = List.copyOf(rules);
    }

    public static Chain regular(String name, List<Rule> rules) {
        return new Chain(name, Optional.empty(), rules);
    }

    public static Chain base(String name, BaseHook hook, List<Rule> rules) {
        return new Chain(name, Optional.of(hook), rules);
    }
}
