package dev.netkube.proxy.rules.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.ServicePortName;
import org.junit.jupiter.api.Test;

class IptablesChainNamesTest {
  @Test
  void matchUpstreamsTestRulesets() {
    // kube-proxy's iptables proxier tests: ns1/svc1:p80 and its endpoint 10.180.0.1:80
    ServicePortName p80 = new ServicePortName("ns1", "svc1", "p80");
    assertThat(IptablesChainNames.service(p80, "tcp")).isEqualTo("KUBE-SVC-XPGD46QRK7WJZT7O");
    assertThat(IptablesChainNames.endpoint(p80, "tcp", Endpoint.ready("10.180.0.1", 80, "n"))).isEqualTo("KUBE-SEP-SXIVWICOYRO3J4NJ");
    assertThat(IptablesChainNames.service(new ServicePortName("ns2", "svc2", "p80"), "tcp")).isEqualTo("KUBE-SVC-GNZBNJ2PO5MGZ6GT");
  }

  @Test
  void everyNameFitsIptablesLimit() {
    ServicePortName longName = new ServicePortName("n".repeat(63), "s".repeat(63), "p".repeat(15));
    assertThat(IptablesChainNames.firewall(longName, "sctp").length()).isLessThanOrEqualTo(28);
    assertThat(IptablesChainNames.endpoint(longName, "udp", Endpoint.ready("10.1.2.3", 65535, "n"))).hasSize(25);
  }
}
