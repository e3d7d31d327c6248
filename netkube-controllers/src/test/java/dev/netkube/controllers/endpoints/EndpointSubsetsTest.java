package dev.netkube.controllers.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.controllers.endpointslice.PodView;
import dev.netkube.controllers.endpointslice.ServiceView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointSubsetsTest {
  private static ServiceView service(boolean publishNotReady, String clusterIP, List<ServiceView.Port> ports) {
    return new ServiceView("default", "web", "uid-web", Map.of("team", "a"), Optional.of(Map.of("app", "web")), "ClusterIP",
        clusterIP, List.of("IPv4"), publishNotReady, ports, Instant.EPOCH, false);
  }

  private static final List<ServiceView.Port> HTTP = List.of(
      new ServiceView.Port("http", "TCP", 80, new ServiceView.TargetPort.Number(8080), Optional.empty()),
      new ServiceView.Port("metrics", "TCP", 9100, new ServiceView.TargetPort.Named("metrics"), Optional.empty()));

  private static PodView pod(String name, String ip, boolean ready, boolean terminating, PodView.ContainerPort... ports) {
    return new PodView("default", name, "uid-" + name, Map.of("app", "web"), List.of(ip), "Running", ready,
        Optional.empty(), terminating, "node-1", "", "", List.of(ports));
  }

  private static final PodView.ContainerPort METRICS = new PodView.ContainerPort("metrics", "TCP", 9100);

  @Test
  void addressesServingTheSamePortsShareASubsetAndNotReadyOnesAreListedApart() {
    ServiceView svc = service(false, "10.96.0.20", HTTP);
    EndpointSubsets.Wanted w = EndpointSubsets.wanted(svc, List.of(
        pod("b", "10.244.0.3", true, false, METRICS),
        pod("a", "10.244.0.2", true, false, METRICS),
        pod("c", "10.244.0.4", false, false, METRICS),
        pod("d", "10.244.0.5", true, false),               // no metrics port: a subset of its own
        pod("e", "10.244.0.6", true, true, METRICS)));      // terminating: left out
    assertThat(w.truncated()).isFalse();
    assertThat(w.labels()).containsExactlyEntriesOf(Map.of("team", "a"));
    // Upstream packs by port: each port's address set; ports with the same set share a subset.
    assertThat(w.subsets()).hasSize(2);
    EndpointSubsets.Subset http = w.subsets().get(0);
    assertThat(http.addresses()).extracting(EndpointSubsets.Address::ip).containsExactly("10.244.0.2", "10.244.0.3", "10.244.0.5");
    assertThat(http.notReadyAddresses()).extracting(EndpointSubsets.Address::ip).containsExactly("10.244.0.4");
    assertThat(http.ports()).extracting(EndpointSubsets.Port::name).containsExactly("http");
    EndpointSubsets.Subset metrics = w.subsets().get(1);
    assertThat(metrics.addresses()).extracting(EndpointSubsets.Address::ip).containsExactly("10.244.0.2", "10.244.0.3");
    assertThat(metrics.ports()).extracting(EndpointSubsets.Port::port).containsExactly(9100);
    EndpointSubsets.Wanted shared = EndpointSubsets.wanted(svc, List.of(
        pod("a", "10.244.0.2", true, false, METRICS), pod("b", "10.244.0.3", false, false, METRICS)));
    assertThat(shared.subsets()).singleElement().satisfies(ss -> {
      assertThat(ss.ports()).extracting(EndpointSubsets.Port::port).containsExactly(8080, 9100);
      assertThat(ss.addresses()).extracting(EndpointSubsets.Address::ip).containsExactly("10.244.0.2");
      assertThat(ss.notReadyAddresses()).extracting(EndpointSubsets.Address::ip).containsExactly("10.244.0.3");
    });
    EndpointSubsets.Address a = http.addresses().get(0);
    assertThat(a.nodeName()).contains("node-1");
    assertThat(a.targetRef()).contains(new EndpointSubsets.TargetRef("Pod", "default", "a", "uid-a"));
  }

  @Test
  void publishNotReadyAddressesListsEveryPodAsReadyEvenTerminatingOnes() {
    ServiceView svc = service(true, "None", List.of());
    EndpointSubsets.Wanted w = EndpointSubsets.wanted(svc, List.of(
        pod("a", "10.244.0.2", false, false), pod("b", "10.244.0.3", true, true)));
    assertThat(w.labels()).containsEntry("service.kubernetes.io/headless", "");
    assertThat(w.subsets()).singleElement().satisfies(s -> {
      assertThat(s.addresses()).extracting(EndpointSubsets.Address::ip).containsExactly("10.244.0.2", "10.244.0.3");
      assertThat(s.notReadyAddresses()).isEmpty();
      assertThat(s.ports()).isEmpty();
    });
  }

  @Test
  void overOneThousandAddressesAreTruncatedNotReadyFirst() {
    ServiceView svc = service(false, "10.96.0.20", HTTP.subList(0, 1));
    List<PodView> pods = new ArrayList<>();
    for (int i = 0; i < 990; i++) pods.add(pod("r" + i, "10.244." + (i / 250) + "." + (i % 250 + 1), true, false));
    for (int i = 0; i < 30; i++) pods.add(pod("n" + i, "10.245.0." + (i + 1), false, false));
    EndpointSubsets.Wanted w = EndpointSubsets.wanted(svc, pods);
    assertThat(w.truncated()).isTrue();
    assertThat(w.subsets()).singleElement().satisfies(s -> {
      assertThat(s.addresses()).hasSize(990);
      assertThat(s.notReadyAddresses()).hasSize(10);
    });

    for (int i = 0; i < 100; i++) pods.add(pod("x" + i, "10.246.0." + (i + 1), true, false));
    EndpointSubsets.Wanted over = EndpointSubsets.wanted(svc, pods);
    assertThat(over.subsets()).singleElement().satisfies(s -> {
      assertThat(s.addresses()).hasSize(1000);
      assertThat(s.notReadyAddresses()).isEmpty();
    });
  }

  @Test
  void upToDateComparesSubsetsLabelsAndTheCapacityAnnotation() {
    ServiceView svc = service(false, "10.96.0.20", HTTP.subList(0, 1));
    EndpointSubsets.Wanted w = EndpointSubsets.wanted(svc, List.of(pod("a", "10.244.0.2", true, false)));
    assertThat(EndpointSubsets.upToDate(new EndpointSubsets.Current(w.subsets(), Map.of("team", "a"), Map.of()), svc, w)).isTrue();
    assertThat(EndpointSubsets.upToDate(new EndpointSubsets.Current(w.subsets(), Map.of(), Map.of()), svc, w)).isFalse();
    assertThat(EndpointSubsets.upToDate(new EndpointSubsets.Current(List.of(), Map.of("team", "a"), Map.of()), svc, w)).isFalse();
    assertThat(EndpointSubsets.upToDate(new EndpointSubsets.Current(w.subsets(), Map.of("team", "a"),
        Map.of(EndpointSubsets.OVER_CAPACITY, "truncated")), svc, w)).isFalse();
  }
}
