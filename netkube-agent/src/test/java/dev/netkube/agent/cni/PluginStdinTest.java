package dev.netkube.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PluginStdinTest {
  private final NetworkConfigList list = NetworkConfigList.of(NodeNetwork.of("10.244.1.0/24", Path.of("/s")).conflist());
  private final ObjectNode bridge = list.plugins().get(0);
  private final ObjectNode portmap = list.plugins().get(1);
  private final Map<String, JsonNode> caps =
      Map.of("portMappings", Json.array().add(PortMapping.tcp(8080, 80).json()), "bandwidth", Json.object().put("ingressRate", 1));

  @Test
  void eachPluginGetsTheListsNameAndVersion() {
    ObjectNode stdin = PluginStdin.build(list, bridge, Optional.empty(), Map.of());
    assertThat(stdin.path("name").asText()).isEqualTo("netkube");
    assertThat(stdin.path("cniVersion").asText()).isEqualTo("1.0.0");
    assertThat(stdin.path("type").asText()).isEqualTo("bridge");
    assertThat(stdin.has("prevResult")).isFalse();
    assertThat(stdin.path("ipam").path("type").asText()).isEqualTo("host-local");
  }

  @Test
  void onlyDeclaredCapabilitiesReachRuntimeConfig() {
    assertThat(PluginStdin.build(list, bridge, Optional.empty(), caps).has("runtimeConfig")).isFalse();
    ObjectNode stdin = PluginStdin.build(list, portmap, Optional.empty(), caps);
    assertThat(Json.text(stdin.path("runtimeConfig")))
        .isEqualTo("{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}]}");
  }

  @Test
  void thePreviousResultIsPassedOnAndTheListIsNotChanged() {
    JsonNode prev = Json.object().put("cniVersion", "1.0.0").set("ips", Json.array());
    ObjectNode stdin = PluginStdin.build(list, portmap, Optional.of(prev), Map.of());
    assertThat(stdin.path("prevResult")).isEqualTo(prev);
    assertThat(list.plugins().get(1).has("prevResult")).isFalse();
    assertThat(list.plugins().get(1).has("name")).isFalse();
  }

  @Test
  void theEnvironmentIsTheSpecs() {
    PodSandbox s = PodSandbox.of("abc123", Path.of("/run/netns/p"), new PodRef("default", "web", "u-1"));
    var env = new PluginInvocation(CniCommand.DEL, s.containerId(), s.netns().toString(), s.ifName(), s.cniArgs(),
        List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin"))).env();
    assertThat(env).containsExactly(
        Map.entry("CNI_COMMAND", "DEL"),
        Map.entry("CNI_CONTAINERID", "abc123"),
        Map.entry("CNI_NETNS", "/run/netns/p"),
        Map.entry("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;K8S_POD_INFRA_CONTAINER_ID=abc123;K8S_POD_UID=u-1"),
        Map.entry("CNI_IFNAME", "eth0"),
        Map.entry("CNI_PATH", "/usr/lib/cni:/opt/cni/bin"));
  }
}
