package dev.netkube.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The Node as a kubelet registers it and the status it posts. */
class NodeStatusBuilderTest {
  private final Instant t0 = Instant.parse("2026-12-01T10:00:00Z");

  private static NodeStatusBuilder.Facts facts(boolean networkReady) {
    return new NodeStatusBuilder.Facts("node-1", "192.168.10.2", "node-1", 2, 24L << 30, 100L << 30, 10250, "v1.32.0",
        "netkube://0.1.0", "6.18.0", "netkube node", "m1", "b1", networkReady);
  }

  @Test
  void registrationHasTheWellKnownLabelsAddressesCapacityAndEndpoints() {
    Node n = NodeStatusBuilder.registration(facts(true), t0);
    assertThat(n.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", "node-1").containsEntry("kubernetes.io/os", "linux")
        .containsEntry("kubernetes.io/arch", "amd64");
    NodeStatus s = n.getStatus();
    assertThat(s.getAddresses()).extracting(a -> a.getType() + "=" + a.getAddress())
        .containsExactly("InternalIP=192.168.10.2", "Hostname=node-1");
    assertThat(s.getCapacity().get("cpu").toString()).isEqualTo("2");
    assertThat(s.getCapacity().get("memory").toString()).isEqualTo("25165824Ki");
    assertThat(s.getCapacity().get("pods").toString()).isEqualTo("110");
    assertThat(s.getAllocatable()).isEqualTo(s.getCapacity());
    assertThat(s.getDaemonEndpoints().getKubeletEndpoint().getPort()).isEqualTo(10250);
    assertThat(s.getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.0");
    assertThat(s.getConditions()).extracting(NodeCondition::getType).containsExactly("MemoryPressure", "DiskPressure", "PIDPressure", "Ready");
    assertThat(s.getConditions().get(3).getReason()).isEqualTo("KubeletReady");
  }

  @Test
  void readyFollowsTheNetworkAndKeepsItsTransitionTime() {
    NodeStatus notReady = NodeStatusBuilder.status(facts(false), java.util.List.of(), t0);
    NodeCondition ready = notReady.getConditions().get(3);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("KubeletNotReady");
    assertThat(ready.getMessage()).startsWith("container runtime network not ready: NetworkReady=false");
    NodeStatus later = NodeStatusBuilder.status(facts(true), notReady.getConditions(), t0.plusSeconds(10));
    assertThat(later.getConditions().get(3).getStatus()).isEqualTo("True");
    assertThat(later.getConditions().get(3).getLastTransitionTime()).isEqualTo("2026-12-01T10:00:10Z");
    // Memory pressure stayed False: its transition time stays, its heartbeat moves.
    assertThat(later.getConditions().get(0).getLastTransitionTime()).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(later.getConditions().get(0).getLastHeartbeatTime()).isEqualTo("2026-12-01T10:00:10Z");
  }
}
