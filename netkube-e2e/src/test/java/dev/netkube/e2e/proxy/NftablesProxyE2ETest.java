package dev.netkube.e2e.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netkube.proxy.nft.NftCommand;

/**
 * The shared suite with netkube's kube-proxy in nftables mode, in this JVM, writing real rules with the real nft
 * into the node namespace: DNAT in kube-proxy's table; no endpoints and unknown ports are rejected; Local policies
 * honoured and the client's address kept; UDP conntrack entries of a gone endpoint deleted.
 */
class NftablesProxyE2ETest extends KernelProxyE2ETest {
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

  @Override
  protected boolean rulesDnatTo(String ipPort) { return ruleset().contains("dnat to " + ipPort); }

  /** The cluster-ips set rejects ports the service does not have. */
  @Override
  protected void assertUnknownPortFailure(ProxyNetns.Result r) { assertThat(r.exitCode()).as(r.out()).isEqualTo(7); }

  @Override
  protected void assertAffinityProgrammed() { assertThat(ruleset()).contains("update @affinity-", "ip saddr @affinity-"); }

  @Override
  protected void awaitEndpointLeft(String service, String ip) {
    await().atMost(WAIT).until(() -> !ruleset().contains(service + "/tcp/http__" + ip));
  }
}
