package dev.netkube.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * hostPort through the real portmap plugin (iptables, nft backend, in the node's netns): a peer
 * on the node's network reaches the pod at the node's address.
 */
class HostPortLiveTest {
  @RegisterExtension final LiveNet net = new LiveNet();

  @Test
  void aHostPortReachesThePodFromAPeerOnTheNodesNetworkUntilDel() throws Exception {
    String node = net.node("node");
    String peer = net.node("peer");
    // The node's own network (what the LAN is in the cluster): a veth pair of the test's own.
    net.must("ip", "-n", node, "link", "add", "eth1", "type", "veth", "peer", "name", "eth0", "netns", peer);
    net.must("ip", "-n", node, "addr", "add", "10.127.0.1/24", "dev", "eth1");
    net.must("ip", "-n", node, "link", "set", "eth1", "up");
    net.must("ip", "-n", peer, "addr", "add", "10.127.0.2/24", "dev", "eth0");
    net.must("ip", "-n", peer, "link", "set", "eth0", "up");

    CniRuntime cni = CniRuntime.start(NodeNetwork.of("10.123.0.0/24", net.stateDir),
        CniRuntime.Options.under(net.stateDir).withExecutor(PluginExecutor.inNetns(node)));
    SandboxNetns pods = net.sandboxes();
    PodSandbox web = PodSandbox.of("sandbox-web", pods.create("uid-web"), new PodRef("default", "web", "uid-web"))
        .withPortMappings(List.of(PortMapping.tcp(8080, 80)));
    PodNetwork pod = cni.add(web);
    net.httpServer(pods.name("uid-web"), 80, "hello from web");
    assertThat(net.curlUntilAnswered(node, "http://" + pod.podIp() + "/")).isEqualTo("hello from web");

    assertThat(net.curl(peer, "http://10.127.0.1:8080/")).isEqualTo("hello from web");
    assertThat(net.curl(node, "http://10.127.0.1:8080/")).isEqualTo("hello from web");
    assertThat(net.curl(node, "http://127.0.0.1:8080/")).isEqualTo("hello from web"); // snat + route_localnet
    assertThat(natChains(node)).anyMatch(c -> c.startsWith("CNI-DN-"));

    cni.del(web);

    assertThat(natChains(node)).noneMatch(c -> c.startsWith("CNI-DN-"));
    assertThat(net.curl(peer, "http://10.127.0.1:8080/")).isEmpty();
    assertThat(LiveNet.allocatedIps(cni.network().ipamNetworkDir())).isEmpty();
  }

  /** The chains of the node's iptables nat table (iptables-nft). */
  private List<String> natChains(String node) {
    return net.in(node, "iptables-save", "-t", "nat").out().lines()
        .filter(l -> l.startsWith(":")).map(l -> l.substring(1).split(" ")[0]).toList();
  }
}
