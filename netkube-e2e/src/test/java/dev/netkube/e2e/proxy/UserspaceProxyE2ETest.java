package dev.netkube.e2e.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netkube.proxy.iptables.IptablesCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared suite with netkube's kube-proxy in userspace mode, as its own process in the node namespace: portal
 * rules in iptables send service traffic to the proxy's listeners, which connect to the endpoints themselves. As
 * upstream's userspace proxy: endpoints see the node's address, Local policies are not honoured, a port without
 * endpoints accepts and closes at once, an unknown port of a cluster IP has no portal (nothing answers it). And
 * what only this mode does: a connect that fails is retried on the next endpoint.
 */
class UserspaceProxyE2ETest extends ProxyModeE2ETest {
  /** An address of the pod's link nothing has: a SYN to it is never answered (the dial times out). */
  private static final String DEAD_IP = "10.250.0.9";

  @Override
  protected ProxyTestbed startTestbed() throws Exception {
    // the Node gives the proxy its node IP: the address the node's own traffic is DNATed to
    return ProxyTestbed.startInNode("userspace", "node", "node-a", c -> c.kubectl().runWithInput("apiVersion: v1\nkind: Node\n"
        + "metadata:\n  name: node-a\n  annotations: {kwok.x-k8s.io/node: fake}\n"
        + "status:\n  addresses: [{type: InternalIP, address: " + ProxyNetns.NODE_IP + "}]\n", "apply", "-f", "-").ok());
  }

  @Override
  protected String modeWord() { return "userspace"; }

  /** Read with the backend the proxy writes with (legacy when the kernel has it). */
  private String natTable() {
    return IptablesCommand.inNetns(net.node).save("nat") instanceof IptablesCommand.Result.Ok ok ? ok.output() : "(no nat table)";
  }

  @Override
  protected void assertClusterIpProgrammed(String ip, int port) throws Exception {
    String nat = natTable();
    assertThat(nat).contains("-A PREROUTING -m comment --comment \"handle ClusterIPs; NOTE: this must be before the NodePort rules\" "
        + "-j KUBE-PORTALS-CONTAINER").containsPattern("-A KUBE-PORTALS-CONTAINER -d " + ip.replace(".", "\\.")
        + "/32 .*--comment \"default/web:http\" -m tcp --dport " + port + " -j REDIRECT --to-ports \\d+")
        .containsPattern("-A KUBE-PORTALS-HOST -d " + ip.replace(".", "\\.") + "/32 .*--dport " + port + " -j DNAT --to-destination "
            + ProxyNetns.NODE_IP.replace(".", "\\.") + ":\\d+");
    // the jumps are ensured, not appended again by each sync
    assertThat(nat.lines().filter(l -> l.endsWith("-j KUBE-PORTALS-CONTAINER")).count()).isEqualTo(1);
  }

  /** The listener accepts, finds no endpoint and closes: curl's connection ends without an answer, at once. */
  @Override
  protected void assertNoEndpointsFailure(ProxyNetns.Result r) {
    assertThat(r.exitCode()).as(r.out()).isIn(52, 56); // empty reply, or reset when the request was not read
  }

  /** No portal for the port: the packet leaves for the service range's route, where nothing has the address. */
  @Override
  protected void assertUnknownPortFailure(ProxyNetns.Result r) {
    assertThat(r.exitCode()).as(r.out()).isIn(7, 28); // no route to host after ARP gave up, or curl's timeout first
  }

  /**
   * The kept socket's session to .2 lives while it talks; it ends after udpIdleTimeout (250 ms) without a datagram,
   * and the next one picks anew. Twice that has passed: kept forever, the second datagram would still reach .2.
   */
  @Override
  protected void awaitUdpEndpointMoved(String serviceIp) throws Exception {
    Thread.sleep(500);
  }

  @Override
  protected boolean keepsClientIpWithLocalPolicy() { return false; }

  @Override
  protected boolean honoursLocalTrafficPolicies() { return false; }

  /** A failed connect goes to the next endpoint: with one endpoint dead, every request is still answered. */
  @Test
  void aConnectThatFailsIsRetriedOnTheNextEndpoint() throws Exception {
    service("retry", 8500);
    slice("retry", List.of(ProxyNetns.POD_IP, DEAD_IP));
    String ip = clusterIp("retry");
    await().atMost(WAIT).until(() -> curlFromNode(ip, 8500).exitCode() == 0);
    for (int i = 0; i < 10; i++) {
      ProxyNetns.Result r = curlFromNode(ip, 8500);
      assertThat(r.out()).as("request %d", i).isEqualTo("hello from the pod\n");
    }
  }
}
