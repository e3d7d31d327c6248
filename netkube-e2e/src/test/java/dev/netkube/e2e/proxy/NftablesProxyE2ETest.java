package dev.netkube.e2e.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netkube.proxy.nft.NftCommand;

/**
 * The shared suite with netkube's kube-proxy in nftables mode, in this JVM, writing real rules with the real nft
 * into the node namespace: DNAT in kube-proxy's table; no endpoints and unknown ports are rejected; Local policies
 * honoured and the client's address kept; UDP conntrack entries of a gone endpoint deleted.
 */
class NftablesProxyE2ETest extends ProxyModeE2ETest {
  @Override
  protected ProxyTestbed startTestbed() throws Exception { return ProxyTestbed.start("node", "node-a", c -> {}); }

  @Override
  protected String modeWord() { return "nftables"; }

  private String ruleset() {
    return NftCommand.inNetns(net.node).listTable("ip", "kube-proxy") instanceof NftCommand.Result.Ok ok ? ok.output() : "(no table)";
  }

  @Override
  protected void assertClusterIpProgrammed(String ip, int port) {
    assertThat(ruleset()).contains("ip daddr . meta l4proto . th dport vmap @service-ips")
        .contains(ip + " . tcp . " + port + " : goto service-").contains("dnat to " + ProxyNetns.POD_IP + ":80");
  }

  /** REJECT (tcp reset / icmp unreachable): curl cannot connect. */
  @Override
  protected void assertNoEndpointsFailure(ProxyNetns.Result r) { assertThat(r.exitCode()).as(r.out()).isEqualTo(7); }

  /** The cluster-ips set rejects ports the service does not have. */
  @Override
  protected void assertUnknownPortFailure(ProxyNetns.Result r) { assertThat(r.exitCode()).as(r.out()).isEqualTo(7); }

  @Override
  protected boolean keepsClientIpWithLocalPolicy() { return true; }

  @Override
  protected boolean honoursLocalTrafficPolicies() { return true; }


  /** The kept socket's datagrams travel its conntrack entry: DNATed to .2, so the reply comes from there. */
  @Override
  protected void afterFirstUdpDatagram(String serviceIp) throws Exception {
    assertThat(udpConntrack(serviceIp)).contains("src=" + ProxyNetns.POD_IP);
  }

  /** The rules moved and the proxy deleted the entries to .2 (kept, the second datagram would still go there). */
  @Override
  protected void awaitUdpEndpointMoved(String serviceIp) {
    await().atMost(WAIT).until(() -> ruleset().contains("dnat to 10.250.0.3:5353") && !ruleset().contains("dnat to " + ProxyNetns.POD_IP + ":5353"));
    await().atMost(WAIT).until(() -> !udpConntrack(serviceIp).contains("src=" + ProxyNetns.POD_IP));
  }

  @Override
  protected void assertAffinityProgrammed() { assertThat(ruleset()).contains("update @affinity-", "ip saddr @affinity-"); }

  @Override
  protected void awaitEndpointLeft(String service, String ip) {
    await().atMost(WAIT).until(() -> !ruleset().contains(service + "/tcp/http__" + ip));
  }
}
