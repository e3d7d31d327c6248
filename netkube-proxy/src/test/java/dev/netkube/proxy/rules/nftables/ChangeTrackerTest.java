package dev.netkube.proxy.rules.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import dev.netkube.proxy.model.SessionAffinity;
import dev.netkube.proxy.scenario.Scenario;
import dev.netkube.proxy.scenario.Scenarios;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChangeTrackerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ServicePortName WEB = Scenarios.name("web", "http");

    private final List<ServicePort> ports = new ArrayList<>();
    private final Map<ServicePortName, List<Endpoint>> endpoints = new HashMap<>();
    private ChangeTracker tracker;

    @BeforeEach
    void appliedThreeServices() {
        for (String name : List.of("clusterip", "nodeport", "multiple-ports")) {
            Scenario s = Scenarios.byName(name);
            ports.addAll(s.ports());
            endpoints.putAll(s.endpoints());
        }
        tracker = new ChangeTracker();
        SyncPlan first = tracker.plan(generate(), T0);
        assertThat(first.kind()).isEqualTo(SyncPlan.Kind.FULL);
        tracker.succeeded(first);
    }

    private GeneratedRules generate() {
        return NftablesGenerator.generate(Scenarios.NODE_1, ports, endpoints);
    }

    @Test
    void firstSyncIsFullAndWritesEverything() {
        SyncPlan full = new ChangeTracker().plan(generate(), T0);
        String tx = full.transaction().orElseThrow();
        assertThat(tx).startsWith("add table ip kube-proxy { comment \"rules for kube-proxy\" ; }\n");
        assertThat(tx).contains("add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100; policy accept; }",
                "flush map ip kube-proxy service-ips", "default/np/tcp/http", "default/multi/udp/dns", "default/web/tcp/http");
        assertThat(tx).as("base chains recreated once").contains("delete chain ip kube-proxy filter-input");
        assertThat(full.changed()).hasSize(4);
    }

    @Test
    void nothingChangedMeansNoTransaction() {
        SyncPlan plan = tracker.plan(generate(), T0.plusSeconds(1));
        assertThat(plan.kind()).isEqualTo(SyncPlan.Kind.PARTIAL);
        assertThat(plan.transaction()).isEmpty();
        assertThat(plan.cleanup()).isEmpty();
        assertThat(plan.changed()).isEmpty();
    }

    @Test
    void oneChangedServiceTouchesOnlyItsOwnChainsAndElements() {
        List<Endpoint> more = new ArrayList<>(endpoints.get(WEB));
        more.add(Endpoint.ready("10.244.2.7", 8080, "node-2"));
        endpoints.put(WEB, more);
        SyncPlan plan = tracker.plan(generate(), T0.plusSeconds(1));
        assertThat(plan.kind()).isEqualTo(SyncPlan.Kind.PARTIAL);
        assertThat(plan.changed()).containsExactly(WEB);
        String tx = plan.transaction().orElseThrow();
        assertThat(tx).contains("default/web/tcp/http", "add chain ip kube-proxy endpoint-",
                "__10.244.2.7/8080", "numgen random mod 3");
        assertThat(tx).doesNotContain("default/np/", "default/multi/", "add table", "nat-prerouting", "flush map",
                "service-ips"); // the map element for web still points at the same chain
        for (String line : tx.split("\n")) {
            assertThat(line).as("every command names web").contains("default/web/tcp/http");
        }
    }

    @Test
    void deletedServiceLosesElementsAndItsChainsAreDeletedASecondLater() {
        ports.removeIf(p -> p.name().name().equals("np"));
        GeneratedRules next = generate();
        SyncPlan plan = tracker.plan(next, T0.plusMillis(100));
        String tx = plan.transaction().orElseThrow();
        assertThat(tx).contains("delete element ip kube-proxy service-ips { 10.96.0.20 . tcp . 80 }",
                "delete element ip kube-proxy service-nodeports { tcp . 30080 }",
                "delete element ip kube-proxy cluster-ips { 10.96.0.20 }");
        assertThat(tx).contains("flush chain ip kube-proxy service-").doesNotContain("delete chain");
        tracker.succeeded(plan);
        assertThat(tracker.staleChains()).isNotEmpty().allSatisfy((chain, when) -> {
            assertThat(chain).contains("default/np/");
            assertThat(when).isEqualTo(T0.plusMillis(100));
        });

        assertThat(tracker.plan(next, T0.plusMillis(1099)).cleanup()).as("under a second").isEmpty();
        SyncPlan later = tracker.plan(next, T0.plusMillis(1100));
        String cleanup = later.cleanup().orElseThrow();
        assertThat(cleanup.lines()).hasSize(tracker.staleChains().size())
                .allMatch(l -> l.startsWith("delete chain ip kube-proxy ") && l.contains("default/np/"));
        tracker.succeeded(later);
        assertThat(tracker.staleChains()).isEmpty();
    }

    @Test
    void aChainThatComesBackIsNoLongerStale() {
        List<ServicePort> all = List.copyOf(ports);
        ports.removeIf(p -> p.name().name().equals("np"));
        SyncPlan removal = tracker.plan(generate(), T0.plusMillis(100));
        tracker.succeeded(removal);
        ports.clear();
        ports.addAll(all);
        SyncPlan back = tracker.plan(generate(), T0.plusSeconds(5));
        assertThat(back.cleanup()).as("back in use, not deleted").isEmpty();
        assertThat(back.transaction().orElseThrow()).contains("add chain ip kube-proxy service-", "default/np/");
        tracker.succeeded(back);
        assertThat(tracker.staleChains()).isEmpty();
    }

    @Test
    void movedClusterIpReplacesTheElementValue() {
        ServicePortName np = Scenarios.name("np", "http");
        endpoints.remove(np); // np now has no endpoints: its cluster IP moves to no-endpoint-services
        String tx = tracker.plan(generate(), T0.plusSeconds(1)).transaction().orElseThrow();
        assertThat(tx).contains("delete element ip kube-proxy service-ips { 10.96.0.20 . tcp . 80 }",
                "add element ip kube-proxy no-endpoint-services { 10.96.0.20 . tcp . 80 comment \"default/np:http\" : goto reject-chain }",
                "add element ip kube-proxy no-endpoint-nodeports { tcp . 30080 comment \"default/np:http\" : goto reject-chain }");
        assertThat(tx).as("cluster IP stays in @cluster-ips").doesNotContain("cluster-ips { 10.96.0.20 }");
    }

    @Test
    void oneChangeAmongTenThousandServicesIsAFewLines() {
        List<ServicePort> many = new ArrayList<>();
        Map<ServicePortName, List<Endpoint>> eps = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            ServicePort p = ServicePort.clusterIp(Scenarios.name("s" + i, "http"), dev.netkube.proxy.model.Protocol.TCP,
                    "10.96." + (i / 250) + "." + (i % 250 + 1), 80);
            many.add(p);
            eps.put(p.name(), List.of(Endpoint.ready("10.244." + (i / 250) + "." + (i % 250 + 1), 8080, "node-2")));
        }
        ChangeTracker big = new ChangeTracker();
        SyncPlan full = big.plan(NftablesGenerator.generate(Scenarios.NODE_1, many, eps), T0);
        big.succeeded(full);
        assertThat(full.transaction().orElseThrow().lines().count()).isGreaterThan(70_000);
        eps.put(Scenarios.name("s42", "http"), List.of(Endpoint.ready("10.244.99.1", 8080, "node-2")));
        SyncPlan one = big.plan(NftablesGenerator.generate(Scenarios.NODE_1, many, eps), T0.plusSeconds(1));
        assertThat(one.changed()).containsExactly(Scenarios.name("s42", "http"));
        // Endpoint chain and service chain rewritten, the old endpoint chain retired: O(changed), not O(services).
        assertThat(one.transaction().orElseThrow().lines().count()).isLessThan(15);
    }

    @Test
    void failureOrForceOrNodeChangeMakesTheNextSyncFull() {
        tracker.failed();
        SyncPlan afterFailure = tracker.plan(generate(), T0.plusSeconds(1));
        assertThat(afterFailure.kind()).isEqualTo(SyncPlan.Kind.FULL);
        assertThat(afterFailure.transaction().orElseThrow()).as("base chains are recreated only once per process")
                .doesNotContain("delete chain ip kube-proxy filter-input");
        tracker.succeeded(afterFailure);
        assertThat(tracker.plan(generate(), T0.plusSeconds(2)).kind()).isEqualTo(SyncPlan.Kind.PARTIAL);

        tracker.forceFullSync();
        assertThat(tracker.plan(generate(), T0.plusSeconds(3)).kind()).isEqualTo(SyncPlan.Kind.FULL);
        tracker.succeeded(tracker.plan(generate(), T0.plusSeconds(3)));

        NodeFacts moved = new NodeFacts("node-1", List.of("192.168.10.9"), Optional.of("10.244.0.0/16"),
                List.of("10.96.0.0/12"), List.of("primary"));
        assertThat(tracker.plan(NftablesGenerator.generate(moved, ports, endpoints), T0.plusSeconds(4)).kind())
                .isEqualTo(SyncPlan.Kind.FULL);
    }

    @Test
    void fullSyncFlushesLiveServiceChainsItDoesNotKnow() {
        SyncPlan plan = new ChangeTracker().plan(generate(), T0, Set.of("service-XXXXXXXX-old/gone/tcp/", "filter-input"),
                Set.of("affinity-XXXXXXXX-old/gone/tcp/__10.0.0.1/80"));
        String tx = plan.transaction().orElseThrow();
        assertThat(tx).contains("flush chain ip kube-proxy service-XXXXXXXX-old/gone/tcp/",
                "delete set ip kube-proxy affinity-XXXXXXXX-old/gone/tcp/__10.0.0.1/80");
        assertThat(plan.staleChains()).containsOnlyKeys("service-XXXXXXXX-old/gone/tcp/");
    }

    @Test
    void affinitySetsKeepTheirClientsAcrossSyncsAndGoWithTheirEndpoint() {
        ports.replaceAll(p -> p.name().equals(WEB) ? p.withSessionAffinity(SessionAffinity.clientIp(600)) : p);
        SyncPlan withAffinity = tracker.plan(generate(), T0.plusSeconds(1));
        String tx = withAffinity.transaction().orElseThrow();
        assertThat(tx).contains("add set ip kube-proxy affinity-", "type ipv4_addr; flags dynamic,timeout; timeout 600s")
                .doesNotContain("flush set ip kube-proxy affinity-");
        tracker.succeeded(withAffinity);
        endpoints.put(WEB, List.of(Endpoint.ready(Scenarios.EP1, 8080, "node-1")));
        String shrink = tracker.plan(generate(), T0.plusSeconds(2)).transaction().orElseThrow();
        assertThat(shrink).contains("delete set ip kube-proxy affinity-").contains("__10.244.2.6/8080");
        assertThat(shrink.indexOf("delete set")).as("after the chains using it are flushed")
                .isGreaterThan(shrink.lastIndexOf("flush chain"));
    }
}
