package dev.netkube.proxy.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.scenario.Scenario;
import dev.netkube.proxy.scenario.Scenarios;
import dev.netkube.proxy.scenario.TraceAssert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The tracer over the kernel's own JSON of each scenario (captured by the live test). */
class PacketTracerTest {
    static List<Scenario> scenarios() {
        return Scenarios.all();
    }

    static LiveRuleset kernelView(String scenario) throws IOException {
        return LiveRuleset.parse(Files.readString(Path.of("src/test/resources/trace/" + scenario + ".json")), "ip", "kube-proxy");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void casesHoldOverTheKernelsJson(Scenario s) throws IOException {
        TraceAssert.assertCases(new PacketTracer(kernelView(s.name()), Set.copyOf(s.node().nodeIps())), s.cases());
    }

    @Test
    void recordsTheRulesMetInOrder() throws IOException {
        PacketTracer tracer = new PacketTracer(kernelView("nodeport"), Set.of(Scenarios.NODE));
        Trace t = tracer.trace(Packet.tcp(Scenarios.LAN, Scenarios.NODE, 30080));
        List<String> chains = t.steps().stream().map(TraceStep::chain).toList();
        // The service-ips lookup misses, so only the node-port rule of "services" is met.
        assertThat(chains).startsWith("filter-prerouting", "nat-prerouting", "services");
        assertThat(chains.get(3)).startsWith("external-");
        assertThat(chains.stream().filter("services"::equals).count()).isEqualTo(1);
        assertThat(chains.stream().filter(c -> c.startsWith("external-")).count()).isEqualTo(2);
        assertThat(t.steps()).extracting(TraceStep::rule)
                .contains("fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports",
                        "jump mark-for-masquerade", "meta mark set meta mark | 0x00004000", "masquerade fully-random");
        assertThat(chains.indexOf("nat-postrouting")).isGreaterThan(chains.indexOf("filter-forward"));
        assertThat(t.outcome()).isEqualTo(new TraceOutcome.Dnat(List.of(Scenarios.EP1 + ":8080", Scenarios.EP2 + ":8080"), true));
    }

    @Test
    void udpPacketsDoNotMatchTcpOnlyRules() throws IOException {
        PacketTracer tracer = new PacketTracer(kernelView("clusterip"), Set.of(Scenarios.NODE));
        Trace t = tracer.trace(new Packet(Scenarios.POD, Protocol.UDP, "10.96.0.10", 80));
        assertThat(t.outcome()).as("no UDP port 80 on the cluster IP").isInstanceOf(TraceOutcome.Reject.class);
    }

    @Test
    void refusesExpressionsItDoesNotKnow() {
        String json = """
                {"nftables": [
                  {"table": {"family": "ip", "name": "kube-proxy"}},
                  {"chain": {"family": "ip", "table": "kube-proxy", "name": "nat-prerouting", "type": "nat", "hook": "prerouting", "prio": -100, "policy": "accept"}},
                  {"rule": {"family": "ip", "table": "kube-proxy", "chain": "nat-prerouting", "expr": [{"queue": {"num": 3}}]}}
                ]}""";
        PacketTracer tracer = new PacketTracer(LiveRuleset.parse(json, "ip", "kube-proxy"), Set.of());
        assertThatThrownBy(() -> tracer.trace(Packet.tcp("10.0.0.1", "10.0.0.2", 80)))
                .isInstanceOf(UnsupportedRuleException.class).hasMessageContaining("queue");
    }

    @Test
    void refusesJumpsToChainsThatAreNotThere() {
        String json = """
                {"nftables": [
                  {"chain": {"family": "ip", "table": "kube-proxy", "name": "nat-output", "type": "nat", "hook": "output", "prio": -100, "policy": "accept"}},
                  {"rule": {"family": "ip", "table": "kube-proxy", "chain": "nat-output", "expr": [{"jump": {"target": "nowhere"}}]}}
                ]}""";
        PacketTracer tracer = new PacketTracer(LiveRuleset.parse(json, "ip", "kube-proxy"), Set.of("10.0.0.1"));
        assertThatThrownBy(() -> tracer.trace(Packet.tcp("10.0.0.1", "10.0.0.2", 80)))
                .isInstanceOf(UnsupportedRuleException.class).hasMessageContaining("nowhere");
    }

    @Test
    void ignoresOtherTables() {
        String json = """
                {"nftables": [
                  {"chain": {"family": "ip", "table": "other", "name": "c", "type": "filter", "hook": "prerouting", "prio": 0, "policy": "drop"}}
                ]}""";
        PacketTracer tracer = new PacketTracer(LiveRuleset.parse(json, "ip", "kube-proxy"), Set.of());
        assertThat(tracer.trace(Packet.tcp("10.0.0.1", "10.0.0.2", 80)).outcome()).isInstanceOf(TraceOutcome.Accept.class);
    }
}
