package dev.netkube.proxy.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerPlanTest {
  private static final ServicePortName WEB = new ServicePortName("default", "web", "http");
  private static final ServicePortName DNS = new ServicePortName("kube-system", "kube-dns", "dns");

  @Test
  void newPortsOpenGonePortsCloseAndAChangedAddressKeepsItsListener() {
    List<ListenerKey> running = List.of(new ListenerKey(WEB, Protocol.TCP), new ListenerKey(DNS, Protocol.TCP));
    ListenerPlan plan = ListenerPlan.between(running, List.of(
        ServicePort.clusterIp(WEB, Protocol.TCP, "10.96.0.99", 8080).withNodePort(30080), // a new address: same listener
        ServicePort.clusterIp(DNS, Protocol.UDP, "10.96.0.10", 53), // TCP became UDP: another listener
        ServicePort.clusterIp(new ServicePortName("default", "sctp", ""), Protocol.SCTP, "10.96.0.7", 9)));
    assertThat(plan.open()).containsExactly(new ListenerKey(DNS, Protocol.UDP));
    assertThat(plan.close()).containsExactly(new ListenerKey(DNS, Protocol.TCP));
    assertThat(plan.skipped()).extracting(ServicePort::protocol).containsExactly(Protocol.SCTP);
  }
}
