package dev.netkube.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NodeNetworkTest {
  private static final Path STATE = Path.of("/var/lib/netkube/node-1/cni");

  @Test
  void theNodesConflistIsKubenetsBridgeWithHostLocalThenPortmap() throws IOException {
    NodeNetwork n = NodeNetwork.of("10.244.1.0/24", STATE);
    assertThat(CniJson.pretty(n.conflist())).isEqualTo(golden("node-network.conflist"));
  }

  @Test
  void theLoopbackNetworkIsContainerdsOwn() throws IOException {
    NodeNetwork n = NodeNetwork.of("10.244.1.0/24", STATE);
    assertThat(CniJson.pretty(n.loopbackConflist())).isEqualTo(golden("loopback.conflist"));
  }

  @Test
  void optionsReachTheConflist() {
    NodeNetwork n = NodeNetwork.of("10.244.7.0/24", STATE).withBridge("br-pods").withMtu(1400).withCniVersion("0.4.0");
    var bridge = n.conflist().path("plugins").path(0);
    assertThat(n.conflist().path("cniVersion").asText()).isEqualTo("0.4.0");
    assertThat(bridge.path("bridge").asText()).isEqualTo("br-pods");
    assertThat(bridge.path("mtu").asInt()).isEqualTo(1400);
    assertThat(bridge.path("ipam").path("ranges").path(0).path(0).path("gateway").asText()).isEqualTo("10.244.7.1");
    assertThat(n.ipamNetworkDir()).isEqualTo(STATE.resolve("ipam/netkube"));
  }

  @Test
  void thePodCidrIsNormalizedAndMustLeaveRoomForAPod() {
    assertThat(NodeNetwork.of("10.244.1.7/24", STATE).podCidr()).isEqualTo("10.244.1.0/24");
    assertThat(NodeNetwork.of("10.9.0.0/30", STATE).gateway()).isEqualTo("10.9.0.1");
    assertThatThrownBy(() -> NodeNetwork.of("10.9.0.0/31", STATE)).hasMessageContaining("no room");
    assertThatThrownBy(() -> NodeNetwork.of("fd00::/64", STATE)).hasMessage("invalid CIDR address: fd00::/64");
    assertThatThrownBy(() -> NodeNetwork.of("10.244.1.0/24", STATE).withName("bad name"))
        .hasMessage("invalid characters found in network name: bad name");
    assertThatThrownBy(() -> NodeNetwork.of("10.244.1.0/24", STATE).withBridge("a-bridge-name-too-long"))
        .hasMessageStartingWith("interface name is too long");
    assertThatThrownBy(() -> new NodeNetwork("netkube", "1.0.0", "10.244.1.0/24", "cni0", 1500, true, true, false,
        Path.of("relative"))).hasMessageContaining("absolute");
  }

  static String golden(String name) throws IOException {
    try (InputStream in = NodeNetworkTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
