package dev.netkube.e2e.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the kernel modes (nftables, iptables) share in the suite: DNAT in the node's conntrack, so Local policies are
 * honoured and keep the client's address, a port with no endpoints is REJECTed, and a UDP client's kept socket follows
 * its conntrack entry until the proxy deletes it. Each mode says how its rules show an endpoint ({@link #rulesDnatTo}).
 */
abstract class KernelProxyE2ETest extends ProxyModeE2ETest {
  /** Whether the node's rules, as this mode writes them, DNAT to {@code ipPort}. */
  protected abstract boolean rulesDnatTo(String ipPort);

  /** REJECT (icmp port unreachable): curl cannot connect. */
  @Override
  protected void assertNoEndpointsFailure(ProxyNetns.Result r) { assertThat(r.exitCode()).as(r.out()).isEqualTo(7); }

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
    await().atMost(WAIT).until(() -> rulesDnatTo("10.250.0.3:5353") && !rulesDnatTo(ProxyNetns.POD_IP + ":5353"));
    await().atMost(WAIT).until(() -> !udpConntrack(serviceIp).contains("src=" + ProxyNetns.POD_IP));
  }
}
