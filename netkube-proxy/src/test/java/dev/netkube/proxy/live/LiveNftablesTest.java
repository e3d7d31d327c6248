package dev.netkube.proxy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import dev.netkube.proxy.rules.nftables.ChangeTracker;
import dev.netkube.proxy.rules.nftables.GeneratedRules;
import dev.netkube.proxy.rules.nftables.NftText;
import dev.netkube.proxy.rules.nftables.NftablesGenerator;
import dev.netkube.proxy.rules.nftables.SyncPlan;
import dev.netkube.proxy.scenario.Goldens;
import dev.netkube.proxy.scenario.KernelJson;
import dev.netkube.proxy.scenario.Scenario;
import dev.netkube.proxy.scenario.Scenarios;
import dev.netkube.proxy.scenario.TraceAssert;
import dev.netkube.proxy.scenario.TraceCase;
import dev.netkube.proxy.trace.LiveRuleset;
import dev.netkube.proxy.trace.Packet;
import dev.netkube.proxy.trace.PacketTracer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated rulesets in a real kernel: loaded with the real nft in a throwaway netns, read
 * back as JSON and traced. Skipped (reported as skipped, not passed) without root and nft.
 */
class LiveNftablesTest {
    private static Netns ns;

    @BeforeAll
    static void createNamespace() {
        assumeTrue(Netns.available(), "live nftables tests need root, ip and /usr/sbin/nft");
        ns = Netns.create("live");
    }

    @AfterAll
    static void removeNamespace() {
        if (ns != null) {
            ns.close();
        }
    }

    @BeforeEach
    void cleanTable() {
        ns.dropTable();
    }

    static List<Scenario> scenarios() {
        return Scenarios.all();
    }

    private static PacketTracer liveTracer(Scenario s) {
        return new PacketTracer(LiveRuleset.parse(ns.listJson(), "ip", "kube-proxy"), Set.copyOf(s.node().nodeIps()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void goldenRulesetLoadsAndPacketsGoWhereExpected(Scenario s) {
        GeneratedRules rules = s.generate();
        ns.load(NftText.declarative(rules.ruleset()), s.name());
        String json = ns.listJson();
        LiveRuleset live = LiveRuleset.parse(json, "ip", "kube-proxy");
        assertThat(live.chains().keySet()).containsExactlyInAnyOrderElementsOf(rules.chainNames());
        TraceAssert.assertCases(liveTracer(s), s.cases());
        // The kernel's view, kept so the tracer's tests run without root (handles vary, so they go).
        Goldens.assertMatches("trace/" + s.name() + ".json", KernelJson.normalize(json));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void fullSyncTransactionReplacesAnotherScenario(Scenario s) {
        Scenario before = Scenarios.byName(s.name().equals("clusterip") ? "nodeport" : "clusterip");
        ns.load(NftText.declarative(before.generate().ruleset()), before.name());
        ChangeTracker tracker = new ChangeTracker();
        LiveRuleset left = LiveRuleset.parse(ns.listJson(), "ip", "kube-proxy");
        SyncPlan plan = tracker.plan(s.generate(), Instant.EPOCH, left.chains().keySet(), left.sets().keySet());
        assertThat(plan.kind()).isEqualTo(SyncPlan.Kind.FULL);
        ns.load(plan.transaction().orElseThrow(), "full sync to " + s.name());
        tracker.succeeded(plan);
        TraceAssert.assertCases(liveTracer(s), s.cases());
        // The other scenario's chains are flushed now, deleted after the grace period.
        LiveRuleset live = LiveRuleset.parse(ns.listJson(), "ip", "kube-proxy");
        for (String stale : tracker.staleChains().keySet()) {
            assertThat(live.chains().get(stale).rules()).as("stale %s flushed", stale).isEmpty();
        }
        SyncPlan later = tracker.plan(s.generate(), Instant.EPOCH.plusSeconds(2));
        if (!tracker.staleChains().isEmpty()) {
            ns.load(later.cleanup().orElseThrow(), "stale chain cleanup");
            tracker.succeeded(later);
            assertThat(LiveRuleset.parse(ns.listJson(), "ip", "kube-proxy").chains().keySet())
                    .containsExactlyInAnyOrderElementsOf(s.generate().chainNames());
        }
    }

    @Test
    void partialSyncsApplyOnTopAndStaleChainsGoAfterASecond() {
        Scenario web = Scenarios.byName("clusterip");
        Scenario np = Scenarios.byName("nodeport");
        Scenario multi = Scenarios.byName("multiple-ports");
        List<ServicePort> ports = new ArrayList<>();
        Map<ServicePortName, List<Endpoint>> eps = new HashMap<>();
        for (Scenario s : List.of(web, np, multi)) {
            ports.addAll(s.ports());
            eps.putAll(s.endpoints());
        }
        ChangeTracker tracker = new ChangeTracker();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        SyncPlan full = tracker.plan(NftablesGenerator.generate(Scenarios.NODE_1, ports, eps), t0);
        ns.load(full.transaction().orElseThrow(), "initial full sync");
        tracker.succeeded(full);

        // A third endpoint for web: only web's chains are written.
        ServicePortName webName = Scenarios.name("web", "http");
        List<Endpoint> three = new ArrayList<>(eps.get(webName));
        three.add(Endpoint.ready("10.244.2.7", 8080, "node-2"));
        eps.put(webName, three);
        SyncPlan partial = tracker.plan(NftablesGenerator.generate(Scenarios.NODE_1, ports, eps), t0.plusMillis(100));
        assertThat(partial.kind()).isEqualTo(SyncPlan.Kind.PARTIAL);
        assertThat(partial.changed()).containsExactly(webName);
        ns.load(partial.transaction().orElseThrow(), "partial sync (endpoint added)");
        tracker.succeeded(partial);
        Set<String> local = Set.of(Scenarios.NODE);
        PacketTracer tracer = new PacketTracer(LiveRuleset.parse(ns.listJson(), "ip", "kube-proxy"), local);
        TraceAssert.assertCases(tracer, List.of(
                TraceCase.tcp("web has three endpoints", Scenarios.POD, "10.96.0.10", 80,
                        Scenarios.BOTH + ", 10.244.2.7:8080", false),
                TraceCase.tcp("node port untouched", Scenarios.LAN, Scenarios.NODE, 30080, Scenarios.BOTH, true)));

        // The node-port service goes away: its elements are deleted, its chains flushed and stale.
        List<ServicePort> withoutNp = ports.stream().filter(p -> !p.name().name().equals("np")).toList();
        GeneratedRules next = NftablesGenerator.generate(Scenarios.NODE_1, withoutNp, eps);
        SyncPlan removal = tracker.plan(next, t0.plusMillis(200));
        ns.load(removal.transaction().orElseThrow(), "partial sync (service deleted)");
        tracker.succeeded(removal);
        Set<String> stale = new HashSet<>(tracker.staleChains().keySet());
        assertThat(stale).isNotEmpty().allMatch(c -> c.contains("default/np/"));
        LiveRuleset live = LiveRuleset.parse(ns.listJson(), "ip", "kube-proxy");
        stale.forEach(c -> assertThat(live.chains().get(c).rules()).as(c).isEmpty());
        TraceAssert.assertCases(new PacketTracer(live, local), List.of(
                TraceCase.tcp("deleted service's node port is gone", Scenarios.LAN, Scenarios.NODE, 30080, "", false),
                TraceCase.tcp("deleted service's cluster IP is unallocated", Scenarios.POD, "10.96.0.20", 80, "DROP", false)));

        SyncPlan early = tracker.plan(next, t0.plusMillis(900));
        assertThat(early.cleanup()).as("not a second yet").isEmpty();
        assertThat(early.transaction()).as("nothing changed").isEmpty();
        SyncPlan late = tracker.plan(next, t0.plusMillis(1300));
        ns.load(late.cleanup().orElseThrow(), "stale chain deletion");
        tracker.succeeded(late);
        assertThat(LiveRuleset.parse(ns.listJson(), "ip", "kube-proxy").chains().keySet())
                .containsExactlyInAnyOrderElementsOf(next.chainNames());
    }

    @Test
    void affinitySetsRememberClientsAndTheTracerFollowsThem() {
        Scenario s = Scenarios.byName("affinity");
        ns.load(NftText.declarative(s.generate().ruleset()), s.name());
        String set = s.generate().ruleset().sets().stream().map(x -> x.name())
                .filter(n -> n.startsWith("affinity-") && n.endsWith("__10.244.2.6/8080")).findFirst().orElseThrow();
        ns.nft(null, "add", "element", "ip", "kube-proxy", set, "{ " + Scenarios.POD + " }").orThrow("add affinity element");
        PacketTracer tracer = liveTracer(s);
        assertThat(TraceAssert.render(tracer.trace(Packet.tcp(Scenarios.POD, "10.96.0.50", 80)).outcome()))
                .as("a remembered client sticks to its endpoint").isEqualTo(Scenarios.EP2 + ":8080");
        assertThat(TraceAssert.render(tracer.trace(Packet.tcp("10.244.1.10", "10.96.0.50", 80)).outcome()))
                .as("another client may go anywhere").isEqualTo(Scenarios.BOTH);
    }
}
