package dev.netkube.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real netns, Debian's real plugins: pods on one node's bridge. */
class PodNetworkLiveTest {
  @RegisterExtension final LiveNet net = new LiveNet();

  private CniRuntime runtime(String node, String podCidr) throws CniException {
    return CniRuntime.start(NodeNetwork.of(podCidr, net.stateDir),
        CniRuntime.Options.under(net.stateDir).withExecutor(PluginExecutor.inNetns(node)));
  }

  private PodSandbox sandbox(SandboxNetns netns, String name) throws Exception {
    String uid = "uid-" + name;
    return PodSandbox.of("sandbox-" + name, netns.create(uid), new PodRef("default", name, uid));
  }

  @Test
  void twoPodsReachEachOtherOverTheBridgeAndTheNodeReachesBoth() throws Exception {
    String node = net.node("node");
    CniRuntime cni = runtime(node, "10.123.0.0/24");
    SandboxNetns pods = net.sandboxes();
    PodSandbox a = sandbox(pods, "a");
    PodSandbox b = sandbox(pods, "b");

    PodNetwork na = cni.add(a);
    PodNetwork nb = cni.add(b);

    Ipv4Cidr cidr = Ipv4Cidr.parse("10.123.0.0/24");
    assertThat(na.podIps()).hasSize(1);
    assertThat(cidr.contains(na.podIp())).isTrue();
    assertThat(cidr.contains(nb.podIp())).isTrue();
    assertThat(na.podIp()).isNotEqualTo(nb.podIp()).isNotEqualTo("10.123.0.1");
    assertThat(net.in(pods.name("uid-a"), "ip", "-4", "-o", "addr", "show", "eth0").out()).contains(na.podIp() + "/24");
    assertThat(net.in(pods.name("uid-a"), "ip", "route").out()).contains("default via 10.123.0.1 dev eth0");
    assertThat(LiveNet.allocatedIps(cni.network().ipamNetworkDir())).containsExactlyInAnyOrder(na.podIp(), nb.podIp());
    assertThat(net.veths(node)).hasSize(2);
    assertThat(Files.exists(cni.conflistFile())).isTrue();

    net.httpServer(pods.name("uid-a"), 8080, "pod a");
    net.httpServer(pods.name("uid-b"), 8080, "pod b");
    assertThat(net.curlUntilAnswered(pods.name("uid-b"), "http://" + na.podIp() + ":8080/")).isEqualTo("pod a");
    assertThat(net.curlUntilAnswered(pods.name("uid-a"), "http://" + nb.podIp() + ":8080/")).isEqualTo("pod b");
    assertThat(net.curl(node, "http://" + na.podIp() + ":8080/")).isEqualTo("pod a");
    assertThat(net.curl(node, "http://" + nb.podIp() + ":8080/")).isEqualTo("pod b");
    // The loopback network brought lo up: containers of a pod talk over localhost.
    assertThat(net.curl(pods.name("uid-a"), "http://127.0.0.1:8080/")).isEqualTo("pod a");

    cni.del(a);
    assertThat(net.veths(node)).hasSize(1);
    assertThat(LiveNet.allocatedIps(cni.network().ipamNetworkDir())).containsExactly(nb.podIp());
    assertThat(cni.attachments()).extracting(CachedAttachment::containerId).containsOnly("sandbox-b");
    cni.del(a); // a second DEL is no error (spec)
    pods.delete("uid-a");
    cni.del(a); // nor is a DEL after the netns is gone
    assertThat(net.curl(node, "http://" + nb.podIp() + ":8080/")).isEqualTo("pod b");

    cni.del(b);
    pods.delete("uid-b");
    net.assertNoVeths(node);
    assertThat(LiveNet.allocatedIps(cni.network().ipamNetworkDir())).isEmpty();
    assertThat(cni.attachments()).isEmpty();
  }

  @Test
  void checkPassesAfterAddAndFailsOnceTheInterfaceIsRemovedBehindItsBack() throws Exception {
    String node = net.node("node");
    CniRuntime cni = runtime(node, "10.123.0.0/24");
    SandboxNetns pods = net.sandboxes();
    PodSandbox a = sandbox(pods, "a");
    PodNetwork na = cni.add(a);

    cni.check(a);

    net.must("ip", "-n", pods.name("uid-a"), "link", "delete", "eth0");
    assertThatThrownBy(() -> cni.check(a))
        .isInstanceOf(CniException.class)
        .hasMessageStartingWith("plugin type=\"bridge\" failed (check): ")
        .hasMessageContaining("eth0");

    cni.del(a);
    assertThat(LiveNet.allocatedIps(cni.network().ipamNetworkDir())).doesNotContain(na.podIp()).isEmpty();
  }

  @Test
  void anExhaustedPodCidrFailsWithTheBridgesErrorInKubeletsWordsAndLeavesNothingBehind() throws Exception {
    String node = net.node("node");
    CniRuntime cni = runtime(node, "10.126.0.0/30"); // .1 is the gateway, .2 the only pod address
    SandboxNetns pods = net.sandboxes();
    PodSandbox first = sandbox(pods, "first");
    PodSandbox second = sandbox(pods, "second");
    assertThat(cni.add(first).podIp()).isEqualTo("10.126.0.2");

    CniException e = org.junit.jupiter.api.Assertions.assertThrows(CniException.class, () -> cni.add(second));

    assertThat(e.getMessage()).isEqualTo("plugin type=\"bridge\" failed (add): failed to allocate for range 0: "
        + "no IP addresses available in range set: 10.126.0.1-10.126.0.2");
    assertThat(e.command()).isEqualTo(CniCommand.ADD);
    assertThat(e.pluginType()).isEqualTo("bridge");
    assertThat(KubeletMessages.failedCreatePodSandbox(second.containerId(), e)).isEqualTo(
        "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "
            + "\"sandbox-second\": plugin type=\"bridge\" failed (add): failed to allocate for range 0: "
            + "no IP addresses available in range set: 10.126.0.1-10.126.0.2");
    // The failed ADD was torn down, as containerd does: no veth left behind, no cache entry.
    assertThat(net.in(pods.name("uid-second"), "ip", "-o", "link").out()).doesNotContain("eth0");
    assertThat(net.veths(node)).hasSize(1);
    assertThat(cni.attachments()).extracting(CachedAttachment::containerId).containsOnly("sandbox-first");
    assertThat(LiveNet.allocatedIps(cni.network().ipamNetworkDir())).containsExactly("10.126.0.2");

    cni.del(first);
    assertThat(cni.add(second).podIp()).isEqualTo("10.126.0.2");
    cni.del(second);
  }

  @Test
  void sandboxesAreWiredSideBySideFromSeveralThreads() throws Exception {
    String node = net.node("node");
    CniRuntime cni = runtime(node, "10.123.0.0/24");
    SandboxNetns pods = net.sandboxes();
    java.util.List<PodSandbox> sandboxes = new java.util.ArrayList<>();
    for (int i = 0; i < 24; i++) sandboxes.add(sandbox(pods, "p" + i));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<PodNetwork>> added = new java.util.ArrayList<>();
      for (PodSandbox s : sandboxes) added.add(pool.submit(() -> cni.add(s)));
      java.util.Set<String> ips = new java.util.HashSet<>();
      for (var f : added) ips.add(f.get().podIp());
      assertThat(ips).hasSize(24);
      assertThat(net.veths(node)).hasSize(24);

      java.util.List<java.util.concurrent.Future<Object>> deleted = new java.util.ArrayList<>();
      for (PodSandbox s : sandboxes) deleted.add(pool.submit(() -> { cni.del(s); return null; }));
      for (var f : deleted) f.get();
    } finally {
      pool.shutdownNow();
    }
    net.assertNoVeths(node);
    assertThat(LiveNet.allocatedIps(cni.network().ipamNetworkDir())).isEmpty();
    assertThat(cni.attachments()).isEmpty();
  }

  @Test
  void pluginsRunUnderNsenterWithTheHostsMountsAsTheAgentInItsNodesNetnsRunsThem() throws Exception {
    String node = net.node("node");
    CniRuntime cni = CniRuntime.start(NodeNetwork.of("10.123.0.0/24", net.stateDir),
        CniRuntime.Options.under(net.stateDir).withExecutor(PluginExecutor.enteringNetns(node)));
    SandboxNetns pods = net.sandboxes();
    PodSandbox a = sandbox(pods, "a");
    PodSandbox b = sandbox(pods, "b");
    PodNetwork na = cni.add(a);
    PodNetwork nb = cni.add(b);
    net.httpServer(pods.name("uid-b"), 8080, "hello from b");

    assertThat(net.curlUntilAnswered(pods.name("uid-a"), "http://" + nb.podIp() + ":8080/")).isEqualTo("hello from b");
    assertThat(net.in(node, "cat", "/proc/sys/net/ipv4/ip_forward").out().trim()).isEqualTo("1"); // isGateway's doing
    assertThat(net.veths(node)).hasSize(2);

    cni.del(a);
    cni.del(b);
    net.assertNoVeths(node);
    assertThat(LiveNet.allocatedIps(cni.network().ipamNetworkDir())).doesNotContain(na.podIp()).isEmpty();
  }

  @Test
  void missingPluginsAreNamedWithLibcnisWording() throws Exception {
    Path empty = Files.createDirectories(net.stateDir.resolve("no-plugins"));
    assertThatThrownBy(() -> CniRuntime.start(NodeNetwork.of("10.123.0.0/24", net.stateDir),
        CniRuntime.Options.under(net.stateDir).withPluginDirs(java.util.List.of(empty))))
        .isInstanceOf(CniException.class)
        .hasMessage("plugin type=\"bridge\" failed (version): failed to find plugin \"bridge\" in path [" + empty + "]");
  }

  @Test
  void sweepRemovesLeftoverSandboxNamespacesOfItsPrefixOnly() throws Exception {
    SandboxNetns pods = net.sandboxes();
    pods.create("u1");
    pods.create("u2");
    pods.create("u3");
    String other = net.node("other"); // same test prefix, not the sandboxes' prefix

    assertThat(pods.sweep(java.util.Set.of("u2"))).containsExactly(pods.name("u1"), pods.name("u3"));

    assertThat(pods.existing()).containsExactly(pods.name("u2"));
    assertThat(Files.exists(SandboxNetns.NETNS_DIR.resolve(other))).isTrue();
    assertThatThrownBy(() -> pods.create("u2")).hasMessageContaining("File exists");
    pods.delete("u2");
    pods.delete("u2");
    assertThat(pods.existing()).isEmpty();
  }
}
