package dev.netkube.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netkube.model.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CniVersionsTest {
  private static final List<String> DEBIAN_1_1_1 = List.of("0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0");

  @Test
  void debiansPluginsSpeak100() throws IOException {
    // What bridge 1.1.1 answers to VERSION.
    var answer = Json.parse("{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.1.0\",\"0.2.0\",\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\"]}");
    assertThat(CniVersions.supported(answer)).isEqualTo(DEBIAN_1_1_1);
    assertThat(CniVersions.choose("1.0.0", Map.of("bridge", DEBIAN_1_1_1, "portmap", DEBIAN_1_1_1))).isEqualTo("1.0.0");
  }

  @Test
  void olderPluginsGet040AndTooOldOnesAreRefused() {
    List<String> old = List.of("0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0");
    assertThat(CniVersions.choose("1.0.0", Map.of("bridge", DEBIAN_1_1_1, "portmap", old))).isEqualTo("0.4.0");
    assertThatThrownBy(() -> CniVersions.choose("1.0.0", Map.of("bridge", DEBIAN_1_1_1, "portmap", List.of("0.3.1"))))
        .hasMessage("plugin type=\"portmap\" supports CNI versions [0.3.1], netkube needs one of [1.0.0, 0.4.0]");
  }

  @Test
  void conflistsParseWithLibcnisErrors() {
    assertThatThrownBy(() -> NetworkConfigList.parse("{\"plugins\":[]}".getBytes()))
        .hasMessage("error parsing configuration list: no name");
    assertThatThrownBy(() -> NetworkConfigList.parse("{\"name\":\"n\",\"plugins\":[]}".getBytes()))
        .hasMessage("error parsing configuration list: no plugins in list");
    assertThatThrownBy(() -> NetworkConfigList.parse("{\"name\":\"n\",\"plugins\":[{}]}".getBytes()))
        .hasMessage("failed to parse plugin config 0: error parsing configuration: missing 'type'");
    var list = NetworkConfigList.parse("{\"name\":\"n\",\"cniVersion\":\"1.0.0\",\"disableCheck\":true,\"plugins\":[{\"type\":\"a\"},{\"type\":\"b\"}]}".getBytes());
    assertThat(list.pluginTypes()).containsExactly("a", "b");
    assertThat(list.disableCheck()).isTrue();
  }
}
