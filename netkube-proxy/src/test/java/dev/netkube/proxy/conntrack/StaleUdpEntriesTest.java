package dev.netkube.proxy.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StaleUdpEntriesTest {
  private static final ServicePortName DNS = new ServicePortName("kube-system", "kube-dns", "dns");
  private static final ServicePort DNS_PORT = ServicePort.clusterIp(DNS, Protocol.UDP, "10.96.0.10", 53);
  private static final ServicePortName WEB = new ServicePortName("default", "web", "http");
  private static final ServicePort WEB_PORT = ServicePort.clusterIp(WEB, Protocol.TCP, "10.96.0.20", 80);

  private static Endpoint ready(String ip) { return new Endpoint(ip, 53, true, true, false, Optional.empty(), Optional.empty()); }

  private static Endpoint terminating(String ip) { return new Endpoint(ip, 53, false, true, true, Optional.empty(), Optional.empty()); }

  @Test
  void anEndpointThatLeftHasItsEntriesCleared() {
    List<ConntrackFlush> f = StaleUdpEntries.between(List.of(DNS_PORT), Map.of(DNS, List.of(ready("10.244.0.5"), ready("10.244.1.7"))),
        List.of(DNS_PORT), Map.of(DNS, List.of(ready("10.244.1.7"))));
    assertThat(f).containsExactly(new ConntrackFlush.ToGoneEndpoint("10.96.0.10", "10.244.0.5"));
  }

  @Test
  void aServiceGettingItsFirstEndpointHasItsUntranslatedEntriesCleared() {
    List<ConntrackFlush> f = StaleUdpEntries.between(List.of(DNS_PORT), Map.of(DNS, List.of()), List.of(DNS_PORT),
        Map.of(DNS, List.of(ready("10.244.0.5"))));
    assertThat(f).containsExactly(new ConntrackFlush.ToServiceIp("10.96.0.10", 53));
    assertThat(StaleUdpEntries.between(List.of(), Map.of(), List.of(DNS_PORT), Map.of(DNS, List.of(ready("10.244.0.5")))))
        .containsExactly(new ConntrackFlush.ToServiceIp("10.96.0.10", 53));
  }

  @Test
  void nodePortsAndDeletedServicesAreCoveredAndTcpIsLeftAlone() {
    ServicePort np = DNS_PORT.withNodePort(30053);
    List<ConntrackFlush> f = StaleUdpEntries.between(List.of(np, WEB_PORT), Map.of(DNS, List.of(ready("10.244.0.5")), WEB,
        List.of(ready("10.244.0.9"))), List.of(), Map.of());
    assertThat(f).containsExactly(new ConntrackFlush.ToGoneEndpoint("10.96.0.10", "10.244.0.5"),
        new ConntrackFlush.NodePortToGoneEndpoint(30053, "10.244.0.5"));
  }

  @Test
  void aReadyEndpointTurningTerminatingIsGoneWhileOthersAreReadyButNotWhenItIsTheFallback() {
    // two endpoints, one starts terminating: traffic now goes to the ready one only
    assertThat(StaleUdpEntries.between(List.of(DNS_PORT), Map.of(DNS, List.of(ready("10.244.0.5"), ready("10.244.1.7"))),
        List.of(DNS_PORT), Map.of(DNS, List.of(terminating("10.244.0.5"), ready("10.244.1.7")))))
        .containsExactly(new ConntrackFlush.ToGoneEndpoint("10.96.0.10", "10.244.0.5"));
    // the only endpoint starts terminating: it still serves as the fallback, nothing is stale
    assertThat(StaleUdpEntries.between(List.of(DNS_PORT), Map.of(DNS, List.of(ready("10.244.0.5"))), List.of(DNS_PORT),
        Map.of(DNS, List.of(terminating("10.244.0.5"))))).isEmpty();
  }

  @Test
  void nothingChangedNothingCleared() {
    Map<ServicePortName, List<Endpoint>> eps = Map.of(DNS, List.of(ready("10.244.0.5")));
    assertThat(StaleUdpEntries.between(List.of(DNS_PORT), eps, List.of(DNS_PORT), eps)).isEmpty();
  }
}
