package dev.netkube.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import dev.netkube.proxy.rules.iptables.IptablesGenerator;
import dev.netkube.proxy.rules.iptables.IptablesJumps;
import dev.netkube.proxy.trace.Packet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The report of an iptables-mode node: its generated rules (with the built-in jumps) as iptables-save text. */
class IptablesReporterTest {
  private static final NodeFacts NODE_1 = new NodeFacts("node-1", List.of("192.168.10.2"), Optional.of("10.244.0.0/16"),
      List.of("10.96.0.0/12"), List.of());
  private static final ServicePort WEB = ServicePort.clusterIp(new ServicePortName("default", "web", "http"), Protocol.TCP, "10.96.0.10", 80);
  private static final ServicePort EMPTY = ServicePort.clusterIp(new ServicePortName("default", "empty", "http"), Protocol.TCP, "10.96.0.11", 80);

  private static String saved() {
    StringBuilder jumps = new StringBuilder();
    for (IptablesJumps.Jump j : IptablesJumps.ALL) {
      String args = String.join(" ", j.args().stream().map(a -> a.contains(" ") ? "\"" + a + "\"" : a).toList());
      jumps.append("*").append(j.table()).append("\n-A ").append(j.from()).append(' ').append(args).append("\nCOMMIT\n");
    }
    return jumps + IptablesGenerator.generate(NODE_1, List.of(WEB, EMPTY),
        Map.of(WEB.name(), List.of(Endpoint.ready("10.244.1.5", 8080, "node-1"), Endpoint.ready("10.244.2.6", 8080, "node-2")))).fullRestore();
  }

  private static TraceReport report(Packet p) {
    TracePlan plan = new TracePlan(p, "node-1", "nk-node-1", p.sourceIp(), p.destinationIp() + ":" + p.destinationPort());
    return IptablesReporter.report(plan, saved(), "legacy", Set.of("192.168.10.2"), new FakeCluster().endpointNames());
  }

  @Test
  void aClusterIpIsDnatedToEitherEndpointAndTheTextShowsTheChains() {
    TraceReport r = report(Packet.tcp("10.244.1.9", "10.96.0.10", 80));
    TraceReport.Traced t = (TraceReport.Traced) r.body();
    assertThat(t.verdict()).isEqualTo(new TraceReport.Dnat(List.of(
        new TraceReport.Endpoint("10.244.1.5:8080", Optional.of("default/web-1"), Optional.of("node-1")),
        new TraceReport.Endpoint("10.244.2.6:8080", Optional.of("default/web-2"), Optional.of("node-2"))), false, List.of()));
    assertThat(TraceText.render(r)).contains("rules:   iptables (legacy) on node-1 (netns nk-node-1)", "hook prerouting:",
        "nat KUBE-SERVICES", "\"default/web:http cluster IP\"", "-m statistic --mode random --probability 0.5000000000",
        "-j DNAT --to-destination 10.244.2.6:8080");
  }

  @Test
  void aServiceWithoutEndpointsIsRejectedAndTheReasonNamesIt() {
    TraceReport.Traced t = (TraceReport.Traced) report(Packet.tcp("10.244.1.9", "10.96.0.11", 80)).body();
    assertThat(t.verdict()).isEqualTo(new TraceReport.Reject(
        "service default/empty (port http) has no endpoints: REJECT (a client is refused at once)"));
  }

  @Test
  void theNodesOwnTrafficIsMasqueradedAndTheReasonSaysWhy() {
    TraceReport.Traced t = (TraceReport.Traced) report(Packet.tcp("192.168.10.2", "10.96.0.10", 80)).body();
    TraceReport.Dnat d = (TraceReport.Dnat) t.verdict();
    assertThat(d.masquerade()).isTrue();
    assertThat(d.masqueradeReasons()).anySatisfy(r -> assertThat(r).startsWith("the client 192.168.10.2 is outside the cluster CIDR 10.244.0.0/16"));
  }
}
