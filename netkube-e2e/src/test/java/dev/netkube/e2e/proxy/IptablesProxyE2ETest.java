package dev.netkube.e2e.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netkube.proxy.iptables.IptablesCommand;

/**
 * The shared suite with netkube's kube-proxy in iptables mode, in this JVM, writing kube-proxy's KUBE-* chains with
 * the real iptables-restore into the node namespace: no endpoints rejected (filter KUBE-SERVICES), Local policies
 * honoured and the client's address kept, UDP conntrack entries of a gone endpoint deleted. An unknown port on a
 * cluster IP is not rejected, as upstream's iptables mode: it leaves for the service range's route.
 */
class IptablesProxyE2ETest extends KernelProxyE2ETest {
  @Override
  protected ProxyTestbed startTestbed() throws Exception { return ProxyTestbed.start("iptables", "node", "node-a", c -> {}); }

  @Override
  protected String modeWord() { return "iptables"; }

  private String saved() {
    IptablesCommand iptables = IptablesCommand.inNetns(net.node);
    return iptables.save("nat") instanceof IptablesCommand.Result.Ok nat && iptables.save("filter") instanceof IptablesCommand.Result.Ok f
        ? nat.output() + f.output() : "(no rules)";
  }

  @Override
  protected void assertClusterIpProgrammed(String ip, int port) {
    assertThat(saved()).containsPattern("-A KUBE-SERVICES -d " + ip + "/32 -p tcp -m comment --comment \"[^\"]+ cluster IP\" -m tcp --dport "
        + port + " -j KUBE-SVC-").contains("-j DNAT --to-destination " + ProxyNetns.POD_IP + ":80");
  }

  @Override
  protected boolean rulesDnatTo(String ipPort) { return saved().contains("--to-destination " + ipPort); }

  /** No rule for the port: the packet leaves for the service range's route, where nothing has the address. */
  @Override
  protected void assertUnknownPortFailure(ProxyNetns.Result r) { assertThat(r.exitCode()).as(r.out()).isIn(7, 28); }

  @Override
  protected void assertAffinityProgrammed() { assertThat(saved()).contains("--rcheck --seconds", "--set"); }

  @Override
  protected void awaitEndpointLeft(String service, String ip) {
    await().atMost(WAIT).until(() -> saved().lines()
        .noneMatch(l -> l.contains("--comment default/" + service + ":http ") && l.contains("--to-destination " + ip + ":")));
  }
}
