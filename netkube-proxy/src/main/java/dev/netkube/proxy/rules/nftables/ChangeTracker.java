package dev.netkube.proxy.rules.nftables;

import dev.netkube.proxy.model.ServicePortName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns "what the table should hold now" into the transaction that gets it there from what was
 * last applied, as kube-proxy's partial sync does: only changed service ports have their chains
 * flushed and rewritten; map elements are diffed; chains no longer used are flushed now and
 * deleted at least a second later (kernels before 6.2 notice a map element's reference is gone
 * only a moment after it is deleted). A full sync rewrites everything; it happens first, when the
 * skeleton changes (node facts), after any failure and on {@link #forceFullSync()}.
 * Pure: the caller applies the texts and reports back.
 */
public final class ChangeTracker {
    public static final Duration STALE_CHAIN_GRACE = Duration.ofSeconds(1);

    private Optional<GeneratedRules> applied = Optional.empty();
    private boolean needFullSync = true;
    private boolean baseChainsRecreated;
    private Map<String, Instant> staleChains = new TreeMap<>();

    public boolean needsFullSync() {
        return needFullSync;
    }

    public void forceFullSync() {
        needFullSync = true;
    }

    /** Stale chains and when they went stale (for tests and diagnostics). */
    public Map<String, Instant> staleChains() {
        return Map.copyOf(staleChains);
    }

    /** Plans a sync from what this tracker last saw applied. */
    public SyncPlan plan(GeneratedRules next, Instant now) {
        return plan(next, now, Set.of(), Set.of());
    }

    /**
     * Plans a sync; {@code liveChains} and {@code liveSets} are the table's current names when the
     * caller listed them (after a failure the tracker's memory may be behind the kernel's).
     */
    public SyncPlan plan(GeneratedRules next, Instant now, Set<String> liveChains, Set<String> liveSets) {
        boolean full = needFullSync || applied.isEmpty() || !applied.get().skeleton().equals(next.skeleton());
        Map<String, Instant> stale = new TreeMap<>(staleChains);
        Set<String> nextChains = next.chainNames();
        List<String> deleted = staleToDelete(now, stale, nextChains);
        Optional<String> cleanup = deleted.isEmpty() ? Optional.empty() : Optional.of(deleted.stream()
                .map(c -> NftText.chainCommand("delete", next.skeleton(), c) + "\n").collect(java.util.stream.Collectors.joining()));
        // A partial sync needs only the table's name: building the whole table is a full sync's cost.
        Tx tx = new Tx(next.skeleton());
        List<ServicePortName> changed;
        if (full) {
            changed = List.copyOf(next.servicePorts().keySet());
            writeFull(tx, next, next.ruleset());
            Set<String> known = new TreeSet<>(liveChains);
            known.addAll(stale.keySet());
            applied.ifPresent(a -> known.addAll(a.chainNames()));
            deleted.forEach(known::remove); // gone with the cleanup
            Set<String> knownSets = new TreeSet<>(liveSets);
            applied.ifPresent(a -> a.servicePorts().values().forEach(p -> p.sets().forEach(s -> knownSets.add(s.name()))));
            retire(tx, known, knownSets, next, nextChains, now, stale);
        } else {
            GeneratedRules prev = applied.get();
            changed = changedPorts(prev, next);
            writePartial(tx, prev, next, changed, stale);
            Set<String> known = new TreeSet<>();
            Set<String> knownSets = new TreeSet<>();
            for (ServicePortName n : changed) {
                ServicePortRules old = prev.servicePorts().get(n);
                if (old != null) {
                    old.chains().forEach(c -> known.add(c.name()));
                    old.sets().forEach(s -> knownSets.add(s.name()));
                }
            }
            retire(tx, known, knownSets, next, nextChains, now, stale);
        }
        return new SyncPlan(full ? SyncPlan.Kind.FULL : SyncPlan.Kind.PARTIAL, cleanup,
                tx.lines.isEmpty() ? Optional.empty() : Optional.of(tx.text()), changed, next, stale);
    }

    /** The plan was applied: it is now the state partial syncs start from. */
    public void succeeded(SyncPlan plan) {
        applied = Optional.of(plan.next());
        staleChains = new TreeMap<>(plan.staleChains());
        needFullSync = false;
        if (plan.kind() == SyncPlan.Kind.FULL) {
            baseChainsRecreated = true;
        }
    }

    /** Applying failed: the kernel may differ from what we believe, so the next sync is a full one. */
    public void failed() {
        needFullSync = true;
    }

    /** Takes out of {@code stale} the chains back in use and those stale long enough; returns the latter. */
    private static List<String> staleToDelete(Instant now, Map<String, Instant> stale, Set<String> nextChains) {
        Instant cutoff = now.minus(STALE_CHAIN_GRACE);
        List<String> deleted = new ArrayList<>();
        for (var it = stale.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (nextChains.contains(e.getKey())) {
                it.remove(); // back in use: the main transaction re-adds it
            } else if (!e.getValue().isAfter(cutoff)) {
                deleted.add(e.getKey());
                it.remove();
            }
        }
        return deleted;
    }

    private void writeFull(Tx tx, GeneratedRules next, Ruleset target) {
        tx.add(NftText.addTable(target));
        if (!baseChainsRecreated) {
            // Once per process, as upstream: a base chain left with other hook settings would fail "add chain".
            for (Chain base : NftablesGenerator.BASE_CHAINS) {
                tx.add(NftText.chainCommand("add", target, base.name()));
                tx.add(NftText.chainCommand("delete", target, base.name()));
            }
        }
        for (Chain c : target.chains()) {
            tx.add(NftText.addChain(target, c));
            tx.add(NftText.chainCommand("flush", target, c.name()));
        }
        Set<String> affinity = new TreeSet<>();
        next.servicePorts().values().forEach(p -> p.sets().stream().filter(NftSet::isDynamic).forEach(s -> affinity.add(s.name())));
        for (NftSet s : target.sets()) {
            tx.add(NftText.addSet(target, s));
            if (!affinity.contains(s.name())) {
                tx.add(NftText.setCommand("flush", target, s)); // affinity sets keep their clients
            }
        }
        for (Chain c : target.chains()) {
            c.rules().forEach(rule -> tx.add(NftText.addRule(target, c.name(), rule)));
        }
        for (NftSet s : target.sets()) {
            s.elements().forEach(e -> tx.add(NftText.addElement(target, s.name(), e)));
        }
    }

    private static void writePartial(Tx tx, GeneratedRules prev, GeneratedRules next, List<ServicePortName> changed,
            Map<String, Instant> stale) {
        Ruleset target = tx.target;
        List<Chain> chains = new ArrayList<>();
        List<NftSet> sets = new ArrayList<>();
        for (ServicePortName n : changed) {
            ServicePortRules now = next.servicePorts().get(n);
            if (now != null) {
                chains.addAll(now.chains());
                sets.addAll(now.sets());
            }
        }
        for (Chain c : chains) {
            tx.add(NftText.addChain(target, c));
            tx.add(NftText.chainCommand("flush", target, c.name()));
            stale.remove(c.name());
        }
        sets.forEach(s -> tx.add(NftText.addSet(target, s)));
        // a port's endpoint maps are rewritten whole; its affinity sets keep their clients
        List<NftSet> rewritten = sets.stream().filter(s -> !s.isDynamic()).toList();
        rewritten.forEach(s -> tx.add(NftText.setCommand("flush", target, s)));
        for (Chain c : chains) {
            c.rules().forEach(rule -> tx.add(NftText.addRule(target, c.name(), rule)));
        }
        rewritten.forEach(s -> s.elements().forEach(e -> tx.add(NftText.addElement(target, s.name(), e))));
        // Diffed over all ports: a key may move between ports (a cluster IP reused), or be shared by
        // ports of one service (@cluster-ips), so one port's view alone could delete a live element.
        Map<String, MapEntry> before = entries(prev.servicePorts().values());
        Map<String, MapEntry> after = entries(next.servicePorts().values());
        List<MapEntry> deletes = new ArrayList<>();
        List<MapEntry> adds = new ArrayList<>();
        before.forEach((id, e) -> {
            MapEntry neu = after.get(id);
            if (neu == null || !neu.equals(e)) {
                deletes.add(e);
            }
        });
        after.forEach((id, e) -> {
            if (!e.equals(before.get(id))) {
                adds.add(e);
            }
        });
        java.util.Comparator<MapEntry> byId = java.util.Comparator.comparing(MapEntry::id);
        deletes.stream().sorted(byId).forEach(e -> tx.add(NftText.deleteElement(target, e.container(), e.element())));
        adds.stream().sorted(byId).forEach(e -> tx.add(NftText.addElement(target, e.container(), e.element())));
    }

    /** Flushes chains no longer generated (deleted later) and deletes port sets (affinity, endpoints) no longer used. */
    private static void retire(Tx tx, Set<String> knownChains, Set<String> knownSets, GeneratedRules next,
            Set<String> nextChains, Instant now, Map<String, Instant> stale) {
        for (String chain : knownChains) {
            if (ChainNames.isServiceChain(chain) && !nextChains.contains(chain)) {
                // "add" first: flushing a chain that is not there would fail the whole transaction.
                tx.add(NftText.chainCommand("add", tx.target, chain));
                tx.add(NftText.chainCommand("flush", tx.target, chain));
                stale.putIfAbsent(chain, now);
            }
        }
        Set<String> nextSets = new TreeSet<>();
        next.servicePorts().values().forEach(p -> p.sets().forEach(s -> nextSets.add(s.name())));
        for (String set : knownSets) {
            if (isPortSet(set) && !nextSets.contains(set)) {
                tx.add("delete set " + NftText.prefix(tx.target) + " " + set);
            }
        }
    }

    /** A set one service port owns (the shared maps have fixed names without a dash-separated hash). */
    static boolean isPortSet(String set) {
        return set.startsWith("affinity-");
    }

    static List<ServicePortName> changedPorts(GeneratedRules prev, GeneratedRules next) {
        Set<ServicePortName> names = new TreeSet<>(prev.servicePorts().keySet());
        names.addAll(next.servicePorts().keySet());
        return names.stream()
                .filter(n -> !Objects.equals(prev.servicePorts().get(n), next.servicePorts().get(n)))
                .toList();
    }

    private static Map<String, MapEntry> entries(Collection<ServicePortRules> ports) {
        Map<String, MapEntry> out = new java.util.HashMap<>();
        for (ServicePortRules p : ports) {
            for (MapEntry e : p.entries()) {
                out.put(e.id(), e);
            }
        }
        return out;
    }

    private static final class Tx {
        final Ruleset target;
        final List<String> lines = new ArrayList<>();

        Tx(Ruleset target) {
            this.target = target;
        }

        void add(String line) {
            lines.add(line);
        }

        String text() {
            return String.join("\n", lines) + "\n";
        }
    }
}
