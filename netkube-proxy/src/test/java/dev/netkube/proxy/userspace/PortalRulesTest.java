package dev.netkube.proxy.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import dev.netkube.proxy.model.TrafficPolicy;
import dev.netkube.proxy.scenario.Goldens;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The portal rules a sync writes, as golden iptables-restore inputs (UPDATE_GOLDENS=1 rewrites them). */
class PortalRulesTest {
  private static final String HOST = "192.168.10.2";
  private static final ServicePortName WEB = new ServicePortName("default", "web", "http");
  private static final ServicePortName DNS = new ServicePortName("kube-system", "kube-dns", "dns");

  private static String fresh(List<ProxiedPort> ports) {
    return PortalRules.restoreText(ports, HOST, Jumps.missing("nat", ""), Jumps.missing("filter", ""));
  }

  @Test
  void noServicesStillDeclareEveryChainAndTheJumpsIntoThem() {
    Goldens.assertMatches("userspace/empty.iptables", fresh(List.of()));
  }

  @Test
  void aClusterIpIsRedirectedFromPodsAndDnatedToTheNodeFromTheHost() {
    Goldens.assertMatches("userspace/clusterip.iptables", fresh(List.of(
        new ProxiedPort(ServicePort.clusterIp(WEB, Protocol.TCP, "10.96.0.20", 80), 40001),
        new ProxiedPort(ServicePort.clusterIp(DNS, Protocol.UDP, "10.96.0.10", 53), 40002))));
  }

  @Test
  void nodePortsExternalIpsAndLoadBalancerIps() {
    ServicePort lb = ServicePort.clusterIp(WEB, Protocol.TCP, "10.96.0.20", 80).withNodePort(30080)
        .withExternalIps(List.of("203.0.113.7")).withLoadBalancer(List.of("192.168.10.240"), List.of())
        // userspace ignores Local: the same rules as for Cluster
        .withTrafficPolicies(TrafficPolicy.LOCAL, TrafficPolicy.LOCAL);
    Goldens.assertMatches("userspace/nodeport-external-lb.iptables", fresh(List.of(new ProxiedPort(lb, 40001))));
  }

  @Test
  void jumpsAlreadyInTheTablesAreNotAddedAgain() {
    String nat = """
        *nat
        :PREROUTING ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        -A PREROUTING -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-CONTAINER
        -A OUTPUT -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-HOST
        -A PREROUTING -m addrtype --dst-type LOCAL -m comment --comment "handle service NodePorts; NOTE: this must be the last rule in the chain" -j KUBE-NODEPORT-CONTAINER
        COMMIT
        """;
    assertThat(Jumps.missing("nat", nat)).containsExactly("-A OUTPUT -m addrtype --dst-type LOCAL -m comment --comment "
        + "\"handle service NodePorts; NOTE: this must be the last rule in the chain\" -j KUBE-NODEPORT-HOST");
    assertThat(Jumps.missing("filter", "-A INPUT -m comment --comment \"x\" -j KUBE-NODEPORT-NON-LOCAL\n")).isEmpty();
  }

  @Test
  void nodePortsAndLocalExternalIpsAreHeldOpen() {
    ServicePort sp = ServicePort.clusterIp(WEB, Protocol.TCP, "10.96.0.20", 80).withNodePort(30080)
        .withExternalIps(List.of("192.168.10.2", "203.0.113.7"));
    assertThat(PortalRules.heldPorts(List.of(new ProxiedPort(sp, 40001)), Set.of("192.168.10.2", "127.0.0.1"))).containsExactly(
        new PortalRules.HeldPort("0.0.0.0", 30080, Protocol.TCP), new PortalRules.HeldPort("192.168.10.2", 80, Protocol.TCP));
  }
}
