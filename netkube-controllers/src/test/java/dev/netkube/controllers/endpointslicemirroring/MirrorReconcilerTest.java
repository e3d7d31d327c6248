package dev.netkube.controllers.endpointslicemirroring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.controllers.endpoints.EndpointSubsets;
import dev.netkube.controllers.endpointslice.Endpoint;
import dev.netkube.controllers.endpointslice.EndpointPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MirrorReconcilerTest {
  private final MirrorReconciler reconciler = new MirrorReconciler();

  private static EndpointSubsets.Address addr(String ip) {
    return new EndpointSubsets.Address(ip, Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static final List<EndpointSubsets.Port> PORTS = List.of(new EndpointSubsets.Port("", 8080, "TCP", Optional.empty()));

  private static MirrorReconciler.Source source(List<EndpointSubsets.Subset> subsets) {
    return new MirrorReconciler.Source("manual", Map.of("team", "a"),
        Map.of("kubectl.kubernetes.io/last-applied-configuration", "{}", "note", "x"), subsets);
  }

  @Test
  void userEndpointsAreMirroredOneSlicePerAddressTypeAndPortSet() {
    MirrorReconciler.Plan plan = reconciler.reconcile(source(List.of(
        new EndpointSubsets.Subset(List.of(addr("192.168.10.50"), addr("fd00::5")), List.of(addr("192.168.10.51")), PORTS),
        new EndpointSubsets.Subset(List.of(addr("not-an-ip")), List.of(), PORTS))), List.of());
    assertThat(plan.invalidAddresses()).isEqualTo(1);
    assertThat(plan.create()).hasSize(2);
    MirrorReconciler.Mirror v4 = plan.create().get(0);
    assertThat(v4.addressType()).isEqualTo("IPv4");
    assertThat(v4.ports()).containsExactly(new EndpointPort("", "TCP", 8080, Optional.empty()));
    assertThat(v4.endpoints()).extracting(e -> e.addresses().get(0) + "=" + e.conditions().ready().orElseThrow())
        .containsExactly("192.168.10.50=true", "192.168.10.51=false");
    assertThat(v4.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "a", "kubernetes.io/service-name", "manual",
        "endpointslice.kubernetes.io/managed-by", "endpointslicemirroring-controller.k8s.io"));
    assertThat(v4.annotations()).containsExactlyEntriesOf(Map.of("note", "x"));
    assertThat(plan.create().get(1).addressType()).isEqualTo("IPv6");
  }

  @Test
  void mirroredSlicesConvergeAndFollowChanges() {
    List<EndpointSubsets.Subset> subsets = List.of(new EndpointSubsets.Subset(List.of(addr("192.168.10.50")), List.of(), PORTS));
    MirrorReconciler.Mirror created = reconciler.reconcile(source(subsets), List.of()).create().get(0);
    MirrorReconciler.Mirror stored = new MirrorReconciler.Mirror("manual-abcde", created.addressType(), created.ports(),
        created.endpoints(), created.labels(), created.annotations());
    assertThat(reconciler.reconcile(source(subsets), List.of(stored)).isEmpty()).isTrue();

    List<EndpointSubsets.Subset> more = List.of(new EndpointSubsets.Subset(
        List.of(addr("192.168.10.50"), addr("192.168.10.52")), List.of(), PORTS));
    MirrorReconciler.Plan grown = reconciler.reconcile(source(more), List.of(stored));
    assertThat(grown.update()).singleElement().satisfies(u -> {
      assertThat(u.name()).isEqualTo("manual-abcde");
      assertThat(u.endpoints()).extracting(Endpoint::addresses).hasSize(2);
    });

    // The port changes: the old slice is recycled for the new port set rather than deleted and created.
    List<EndpointSubsets.Subset> moved = List.of(new EndpointSubsets.Subset(List.of(addr("192.168.10.50")), List.of(),
        List.of(new EndpointSubsets.Port("", 9090, "TCP", Optional.empty()))));
    MirrorReconciler.Plan recycled = reconciler.reconcile(source(moved), List.of(stored));
    assertThat(recycled.create()).isEmpty();
    assertThat(recycled.delete()).isEmpty();
    assertThat(recycled.update()).singleElement().satisfies(u -> assertThat(u.ports().get(0).port()).isEqualTo(9090));
  }

  @Test
  void atMostOneThousandAddressesPerSubsetAreMirrored() {
    List<EndpointSubsets.Address> many = new ArrayList<>();
    for (int i = 0; i < 1100; i++) many.add(addr("10.1." + (i / 250) + "." + (i % 250 + 1)));
    MirrorReconciler.Plan plan = reconciler.reconcile(source(List.of(new EndpointSubsets.Subset(many, List.of(), PORTS))), List.of());
    assertThat(plan.skippedAddresses()).isEqualTo(100);
    assertThat(plan.create()).singleElement().satisfies(m -> assertThat(m.endpoints()).hasSize(1000));
  }
}
