package dev.netkube.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

/** Which container ports become portmap's mappings, as kubelet and containerd pick them. */
class HostPortsTest {
  @Test
  void portsWithAHostPortOfEveryRegularContainerOnceEach() {
    Pod pod = new PodBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec()
        .addNewInitContainer().withName("init").addNewPort().withContainerPort(1).withHostPort(1001).endPort().endInitContainer()
        .addNewContainer().withName("a")
            .addNewPort().withContainerPort(80).withHostPort(8080).endPort()            // TCP by default
            .addNewPort().withContainerPort(80).withHostPort(8080).endPort()            // the same again: once
            .addNewPort().withContainerPort(53).withHostPort(5353).withProtocol("UDP").withHostIP("10.0.0.1").endPort()
            .addNewPort().withContainerPort(9090).endPort()                              // no hostPort: not mapped
        .endContainer()
        .addNewContainer().withName("b")
            .addNewPort().withName("metrics").withContainerPort(9100).withHostPort(9100).endPort()
            .addNewPort().withName("metrics").withContainerPort(9101).withHostPort(9101).endPort() // name taken
        .endContainer()
        .endSpec().build();

    assertThat(HostPorts.of(pod)).containsExactly(
        new PortMapping(8080, 80, "tcp", ""),
        new PortMapping(5353, 53, "udp", "10.0.0.1"),
        new PortMapping(9100, 9100, "tcp", ""));
  }

  @Test
  void aPodWithoutPortsHasNone() {
    assertThat(HostPorts.of(new PodBuilder().withNewSpec().addNewContainer().withName("c").endContainer().endSpec().build()))
        .isEmpty();
  }
}
