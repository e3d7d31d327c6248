package dev.netkube.proxy.rules.nftables;

import dev.netkube.proxy.model.ServicePortName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The generator's output: the fixed skeleton (base chains, dispatch chains, shared sets and maps
 * without service elements) and each service port's part. {@link #ruleset()} joins them.
 */
public record GeneratedRules(Ruleset skeleton, SortedMap<ServicePortName, ServicePortRules> servicePorts) {
    public GeneratedRules {
        servicePorts = new TreeMap<>(servicePorts);
    }

    /** The whole table: skeleton chains first (upstream order), then service chains by name; sets by name. */
    public Ruleset ruleset() {
        List<Chain> chains = new ArrayList<>(skeleton.chains());
        servicePorts.values().stream().flatMap(p -> p.chains().stream())
                .sorted(Comparator.comparing(Chain::name)).forEach(chains::add);
        Map<String, List<Element>> elements = new LinkedHashMap<>();
        servicePorts.values().stream().flatMap(p -> p.entries().stream())
                .forEach(e -> elements.computeIfAbsent(e.container(), k -> new ArrayList<>()).add(e.element()));
        List<NftSet> sets = new ArrayList<>();
        for (NftSet s : skeleton.sets()) {
            // Ports of one service share its cluster IP in @cluster-ips: one element per key.
            Map<String, Element> byKey = new LinkedHashMap<>();
            s.elements().forEach(e -> byKey.putIfAbsent(e.key(), e));
            elements.getOrDefault(s.name(), List.of()).forEach(e -> byKey.putIfAbsent(e.key(), e));
            sets.add(s.withElements(List.copyOf(byKey.values())));
        }
        servicePorts.values().forEach(p -> sets.addAll(p.sets()));
        sets.sort(Comparator.comparing(NftSet::name));
        return new Ruleset(skeleton.family(), skeleton.table(), skeleton.comment(), chains, sets);
    }

    /** Every chain name in the table, skeleton and service chains alike (without building the whole table). */
    public java.util.Set<String> chainNames() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        skeleton.chains().forEach(c -> names.add(c.name()));
        servicePorts.values().forEach(p -> p.chains().forEach(c -> names.add(c.name())));
        return names;
    }
}
