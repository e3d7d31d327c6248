package dev.netkube.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An agent restart: a new CniRuntime over the same state still releases what the old one added. */
class RestartLiveTest {
  @RegisterExtension final LiveNet net = new LiveNet();

  @Test
  void aNewRuntimeDeletesFromTheCacheIncludingTheHostPortsRules() throws Exception {
    String node = net.node("node");
    NodeNetwork network = NodeNetwork.of("10.123.0.0/24", net.stateDir);
    CniRuntime.Options options = CniRuntime.Options.under(net.stateDir).withExecutor(PluginExecutor.inNetns(node));
    SandboxNetns pods = net.sandboxes();
    CniRuntime before = CniRuntime.start(network, options);
    PodSandbox a = PodSandbox.of("sandbox-a", pods.create("uid-a"), new PodRef("default", "a", "uid-a"))
        .withPortMappings(List.of(PortMapping.tcp(8081, 80)));
    PodSandbox b = PodSandbox.of("sandbox-b", pods.create("uid-b"), new PodRef("default", "b", "uid-b"))
        .withPortMappings(List.of(new PortMapping(8082, 53, "UDP", "")));
    PodNetwork na = before.add(a);
    PodNetwork nb = before.add(b);
    assertThat(dnatChains(node)).hasSize(2);

    CniRuntime after = CniRuntime.start(network, options); // the agent restarted

    assertThat(after.cachedNetwork("sandbox-a", "eth0")).contains(na);
    assertThat(after.attachments()).hasSize(4); // lo and eth0 of each
    after.del("sandbox-a"); // the restarted agent knows only the sandbox id
    assertThat(net.veths(node)).hasSize(1);
    assertThat(LiveNet.allocatedIps(network.ipamNetworkDir())).containsExactly(nb.podIp());
    assertThat(dnatChains(node)).hasSize(1);

    // The pod without its port mappings: portmap's DEL gets the cached ones (it skips without).
    after.del(b.withPortMappings(List.of()));
    assertThat(dnatChains(node)).isEmpty();
    net.assertNoVeths(node);
    assertThat(LiveNet.allocatedIps(network.ipamNetworkDir())).isEmpty();
    assertThat(after.attachments()).isEmpty();
  }

  @Test
  void withNothingCachedDelStillReleasesTheIpOfTheId() throws Exception {
    String node = net.node("node");
    NodeNetwork network = NodeNetwork.of("10.123.0.0/24", net.stateDir);
    CniRuntime.Options options = CniRuntime.Options.under(net.stateDir).withExecutor(PluginExecutor.inNetns(node));
    SandboxNetns pods = net.sandboxes();
    CniRuntime cni = CniRuntime.start(network, options);
    cni.add(PodSandbox.of("sandbox-a", pods.create("uid-a"), new PodRef("default", "a", "uid-a")));
    // A crash that lost the cache, and the sandbox's netns with it.
    java.nio.file.Files.walk(cni.cacheResultsDir()).filter(java.nio.file.Files::isRegularFile).forEach(p -> p.toFile().delete());
    pods.sweep(java.util.Set.of());

    cni.del("sandbox-a");

    assertThat(LiveNet.allocatedIps(network.ipamNetworkDir())).isEmpty();
    net.assertNoVeths(node); // the veth goes with its netns (the kernel tears it down asynchronously)
  }

  @Test
  void aSandboxWhoseNetnsMountWasLostIsStillReleased() throws Exception {
    String node = net.node("node");
    NodeNetwork network = NodeNetwork.of("10.123.0.0/24", net.stateDir);
    CniRuntime cni = CniRuntime.start(network, CniRuntime.Options.under(net.stateDir).withExecutor(PluginExecutor.inNetns(node)));
    SandboxNetns pods = net.sandboxes();
    PodSandbox a = PodSandbox.of("sandbox-a", pods.create("uid-a"), new PodRef("default", "a", "uid-a"));
    cni.add(a);
    // The name stays, the namespace behind it is gone (what a netns made in another mount
    // namespace looks like to this one, e.g. by an agent started under ip netns exec).
    net.must("umount", a.netns().toString());
    assertThat(a.netns()).exists();

    cni.del(a); // the plugins refuse the path: unknown FS magic on "/run/netns/...": ef53

    assertThat(LiveNet.allocatedIps(network.ipamNetworkDir())).isEmpty();
    assertThat(cni.attachments()).isEmpty();
    pods.delete("uid-a");
    assertThat(a.netns()).doesNotExist();
  }

  private List<String> dnatChains(String node) {
    return net.in(node, "iptables-save", "-t", "nat").out().lines()
        .filter(l -> l.startsWith(":CNI-DN-")).toList();
  }
}
