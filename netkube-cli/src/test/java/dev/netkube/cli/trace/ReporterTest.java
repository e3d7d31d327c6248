package dev.netkube.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.Json;
import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.trace.Packet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The report over the kernel's own JSON of netkube-proxy's scenarios (node-1 = 192.168.10.2, captured by its live test). */
class ReporterTest {
  private static final Set<String> NODE_1 = Set.of("192.168.10.2");

  static String kernel(String scenario) throws IOException {
    return Files.readString(Path.of("../netkube-proxy/src/test/resources/trace/" + scenario + ".json"));
  }

  static TraceReport report(String scenario, Packet packet) throws IOException {
    TracePlan plan = new TracePlan(packet, "node-1", "nk-node-1", packet.sourceIp(), packet.destinationIp() + ":" + packet.destinationPort());
    return Reporter.report(plan, Optional.of(kernel(scenario)), NODE_1, new FakeCluster().endpointNames());
  }

  static TraceReport.Verdict verdict(String scenario, Packet packet) throws IOException {
    return ((TraceReport.Traced) report(scenario, packet).body()).verdict();
  }

  @Test
  void aPodToAClusterIpIsDnatedToEitherEndpointNamedByPodAndNode() throws IOException {
    TraceReport.Verdict v = verdict("clusterip", Packet.tcp("10.244.1.9", "10.96.0.10", 80));
    assertThat(v).isEqualTo(new TraceReport.Dnat(java.util.List.of(
        new TraceReport.Endpoint("10.244.1.5:8080", Optional.of("default/web-1"), Optional.of("node-1")),
        new TraceReport.Endpoint("10.244.2.6:8080", Optional.of("default/web-2"), Optional.of("node-2"))), false, java.util.List.of()));
  }

  @Test
  void theTextShowsEachHookChainRuleAndTheOutcome() throws IOException {
    TracePlan plan = new TracePlan(Packet.tcp("10.244.1.9", "10.96.0.10", 80), "node-1", "nk-node-1",
        "pod default/testnet (10.244.1.9 on node-1)", "service default/web port http (80/TCP), cluster IP 10.96.0.10");
    String text = TraceText.render(Reporter.report(plan, Optional.of(kernel("clusterip")), NODE_1, new FakeCluster().endpointNames()));
    assertThat(text).isEqualTo("""
        packet:  10.244.1.9 -> 10.96.0.10:80 TCP, a new connection
        from:    pod default/testnet (10.244.1.9 on node-1)
        to:      service default/web port http (80/TCP), cluster IP 10.96.0.10
        rules:   table ip kube-proxy on node-1 (netns nk-node-1)

        hook prerouting:
          filter-prerouting  (base chain, priority -110)
              ct state new jump firewall-check
                # a new connection: run firewall-check
          nat-prerouting  (base chain, priority -100)
              jump services
                # look for a service with this destination
          services
              ip daddr . meta l4proto . th dport vmap @service-ips
                # is the destination a service's cluster, external or load-balancer IP and port?
                hit: 10.96.0.10 . tcp . 80 : goto service-SUSTUHLJ-default/web/tcp/http
          service-SUSTUHLJ-default/web/tcp/http
              numgen random mod 2 0 goto endpoint-HGNPOIJ5-default/web/tcp/http__10.244.1.5/8080
                # this endpoint for 1 in 2 of the connections that got here, at random
          endpoint-HGNPOIJ5-default/web/tcp/http__10.244.1.5/8080
              meta l4proto tcp dnat to 10.244.1.5:8080
                # rewrite the destination to the endpoint 10.244.1.5:8080
          service-SUSTUHLJ-default/web/tcp/http
              goto endpoint-LRPR4IZA-default/web/tcp/http__10.244.2.6/8080
                # this endpoint for the rest
          endpoint-LRPR4IZA-default/web/tcp/http__10.244.2.6/8080
              meta l4proto tcp dnat to 10.244.2.6:8080
                # rewrite the destination to the endpoint 10.244.2.6:8080

        hook forward:
          filter-forward  (base chain, priority -110)
              ct state new jump service-endpoints-check
                # a new connection: run service-endpoints-check
              ct state new jump cluster-ips-check
                # a new connection: run cluster-ips-check

        hook postrouting:
          nat-postrouting  (base chain, priority 100)
              jump masquerading
                # masquerade if marked
          masquerading
              meta mark & 0x00004000 == 0 return
                # not marked: keep the source address

        result:  DNAT to one of 2 endpoints, chosen at random for each new connection
                   10.244.1.5:8080  pod default/web-1 on node-1
                   10.244.2.6:8080  pod default/web-2 on node-2
                 not masqueraded: the endpoint sees the client's own address 10.244.1.9
        """);
  }

  @Test
  void offClusterClientsAreMasqueradedAndTheRuleThatMarkedThemIsNamed() throws IOException {
    TraceReport.Dnat d = (TraceReport.Dnat) verdict("clusterip", Packet.tcp("192.168.10.1", "10.96.0.10", 80));
    assertThat(d.masquerade()).isTrue();
    assertThat(d.masqueradeReasons()).containsExactly("the client 192.168.10.1 is outside the cluster CIDR 10.244.0.0/16: the reply must"
        + " come back through node-1 to be un-NATed (rule \"ip daddr 10.96.0.10 tcp dport 80 ip saddr != 10.244.0.0/16 jump"
        + " mark-for-masquerade\" in service-SUSTUHLJ-default/web/tcp/http)");
  }

  @Test
  void hairpinAndNodePortMasqueradeSayWhy() throws IOException {
    TraceReport.Dnat hairpin = (TraceReport.Dnat) verdict("clusterip", Packet.tcp("10.244.1.5", "10.96.0.10", 80));
    assertThat(hairpin.masqueradeReasons()).singleElement().asString()
        .startsWith("hairpin: the pod 10.244.1.5 reaches itself through its service");
    TraceReport.Dnat nodePort = (TraceReport.Dnat) verdict("nodeport", Packet.tcp("192.168.10.1", "192.168.10.2", 30080));
    assertThat(nodePort.masqueradeReasons()).singleElement().asString()
        .startsWith("external traffic (node port, external or load-balancer IP) of a Cluster-policy service");
  }

  @Test
  void noEndpointsIsARejectNamingTheService() throws IOException {
    assertThat(verdict("no-endpoints", Packet.tcp("10.244.1.9", "10.96.0.80", 80)))
        .isEqualTo(new TraceReport.Reject("service default/empty (port http) has no endpoints: REJECT (a client is refused at once)"));
    assertThat(verdict("no-endpoints", Packet.tcp("192.168.10.1", "192.168.10.2", 30084)))
        .isEqualTo(new TraceReport.Reject("service default/empty (port http) has no endpoints: REJECT (a client is refused at once)"));
  }

  @Test
  void anUnknownPortOrAddressInTheServiceCidr() throws IOException {
    assertThat(verdict("clusterip", Packet.tcp("10.244.1.9", "10.96.0.10", 81))).isEqualTo(new TraceReport.Reject(
        "no such port on cluster IP 10.96.0.10: the service there has no port 81/TCP: REJECT"));
    assertThat(verdict("multiple-ports", new Packet("10.244.1.9", Protocol.TCP, "10.96.0.100", 53))).isEqualTo(new TraceReport.Reject(
        "no such port on cluster IP 10.96.0.100: the service there has no port 53/TCP: REJECT"));
    assertThat(verdict("clusterip", Packet.tcp("10.244.1.9", "10.96.0.99", 80))).isEqualTo(new TraceReport.Drop(
        "10.96.0.99 is in the service CIDR but no service has it: DROP"));
  }

  @Test
  void localPolicyWithoutALocalEndpointIsADrop() throws IOException {
    assertThat(verdict("etp-local-none-here", Packet.tcp("192.168.10.1", "192.168.10.2", 30083))).isInstanceOf(TraceReport.Drop.class)
        .asString().contains("has endpoints, but a Local traffic policy allows none on node-1 (eTP=Local and no local endpoint): DROP");
  }

  @Test
  void sourceRangesDropOthers() throws IOException {
    assertThat(verdict("loadbalancer", Packet.tcp("198.51.100.7", "192.168.10.240", 80))).isInstanceOf(TraceReport.Drop.class)
        .asString().contains("198.51.100.7 is not in the loadBalancerSourceRanges of default/");
  }

  @Test
  void aPacketToNoServiceIsUntouched() throws IOException {
    assertThat(verdict("clusterip", Packet.tcp("10.244.1.9", "10.1.2.3", 80))).isInstanceOf(TraceReport.Untouched.class)
        .asString().contains("10.1.2.3:80/TCP is no cluster IP, external IP, load-balancer IP or node port that node-1's kube-proxy rules know");
  }

  @Test
  void aNodeWithoutTheTableSaysSoAndHowToCheckTheProxy() {
    TracePlan plan = new TracePlan(Packet.tcp("10.244.1.9", "10.96.0.10", 80), "node-1", "nk-node-1", "a", "b");
    String text = TraceText.render(Reporter.report(plan, Optional.empty(), NODE_1, java.util.Map.of()));
    assertThat(text).endsWith("\nnode-1 has no kube-proxy rules (no table ip kube-proxy, no iptables KUBE-SERVICES chain in nk-node-1): is the kube-proxy pod running?"
        + " kubectl -n kube-system get pods -l k8s-app=kube-proxy -o wide\n");
  }

  @Test
  void jsonCarriesTheSameReport() throws IOException {
    JsonNode json = Json.parse(TraceJson.render(report("clusterip", Packet.tcp("192.168.10.1", "10.96.0.10", 80))));
    assertThat(json.path("result").asText()).isEqualTo("dnat");
    assertThat(json.path("packet").path("destination").asText()).isEqualTo("10.96.0.10");
    assertThat(json.path("endpoints").get(0).path("pod").asText()).isEqualTo("default/web-1");
    assertThat(json.path("masquerade").asBoolean()).isTrue();
    assertThat(json.path("masqueradeReasons").size()).isEqualTo(1);
    assertThat(json.path("steps").get(0).path("hook").asText()).isEqualTo("prerouting");
    JsonNode services = null;
    for (JsonNode s : json.path("steps")) if (s.path("chain").asText().equals("services")) services = s;
    assertThat(services.path("hit").asText()).isEqualTo("10.96.0.10 . tcp . 80 : goto service-SUSTUHLJ-default/web/tcp/http");
    JsonNode reject = Json.parse(TraceJson.render(report("no-endpoints", Packet.tcp("10.244.1.9", "10.96.0.80", 80))));
    assertThat(reject.path("result").asText()).isEqualTo("reject");
    assertThat(reject.path("reason").asText()).startsWith("service default/empty (port http) has no endpoints");
  }
}
