package dev.netkube.controllers.endpointslice;

import static dev.netkube.controllers.endpointslice.Fixtures.NODES;
import static dev.netkube.controllers.endpointslice.Fixtures.named;
import static dev.netkube.controllers.endpointslice.Fixtures.pod;
import static dev.netkube.controllers.endpointslice.Fixtures.pods;
import static dev.netkube.controllers.endpointslice.Fixtures.port;
import static dev.netkube.controllers.endpointslice.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SliceReconcilerTest {
  private final SliceReconciler reconciler = new SliceReconciler();
  private final ServiceView web = service("web", Map.of("app", "web"), port("http", 80, 8080));

  @Test
  void threeReadyPodsMakeOneSliceWithUpstreamsFields() {
    SlicePlan plan = reconciler.reconcile(web, pods(3), NODES, List.of());
    assertThat(plan.update()).isEmpty();
    assertThat(plan.delete()).isEmpty();
    assertThat(plan.create()).hasSize(1);
    Slice s = plan.create().get(0);
    assertThat(s.addressType()).isEqualTo("IPv4");
    assertThat(s.ports()).containsExactly(new EndpointPort("http", "TCP", 8080, Optional.empty()));
    assertThat(s.labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "kubernetes.io/service-name", "web", "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"));
    assertThat(s.endpoints()).extracting(e -> e.addresses().get(0)).containsExactly("10.244.0.2", "10.244.0.3", "10.244.0.4");
    Endpoint e = s.endpoints().get(0);
    assertThat(e.conditions()).isEqualTo(Endpoint.Conditions.of(true, true, false));
    assertThat(e.nodeName()).contains("node-1");
    assertThat(e.zone()).contains("zone-a");
    assertThat(e.targetRef()).contains(new Endpoint.TargetRef("Pod", "default", "web-000", "uid-web-000"));
    assertThat(e.hostname()).isEmpty();
  }

  @Test
  void twoHundredFiftyPodsMakeThreeSlicesOfAtMostOneHundred() {
    Fixtures.Server server = new Fixtures.Server();
    server.apply(reconciler.reconcile(web, pods(250), NODES, List.of()));
    assertThat(server.slices).extracting(s -> s.endpoints().size()).containsExactly(100, 100, 50);
    // Converged: the same input again writes nothing.
    assertThat(reconciler.reconcile(web, pods(250), NODES, server.slices).isEmpty()).isTrue();
  }

  @Test
  void namedTargetPortsResolvePerPodAndSplitSlicesByPortSet() {
    ServiceView svc = service("web", Map.of("app", "web"), named("http", 80, "web"));
    PodView a = Fixtures.withPorts(pod("a", "10.244.0.2"), new PodView.ContainerPort("web", "TCP", 8080));
    PodView b = Fixtures.withPorts(pod("b", "10.244.0.3"), new PodView.ContainerPort("web", "TCP", 9090));
    PodView c = Fixtures.withPorts(pod("c", "10.244.0.4"), new PodView.ContainerPort("web", "TCP", 8080));
    PodView udp = Fixtures.withPorts(pod("d", "10.244.0.5"), new PodView.ContainerPort("web", "UDP", 7070));
    SlicePlan plan = reconciler.reconcile(svc, List.of(a, b, c, udp), NODES, List.of());
    assertThat(plan.create()).hasSize(3);
    assertThat(plan.create()).anySatisfy(s -> {
      assertThat(s.ports()).extracting(EndpointPort::port).containsExactly(8080);
      assertThat(s.endpoints()).extracting(e -> e.targetRef().orElseThrow().name()).containsExactly("a", "c");
    });
    assertThat(plan.create()).anySatisfy(s -> {
      assertThat(s.ports()).extracting(EndpointPort::port).containsExactly(9090);
      assertThat(s.endpoints()).extracting(e -> e.targetRef().orElseThrow().name()).containsExactly("b");
    });
    // The protocol must match too: pod d serves no TCP "web", so its endpoint lists no ports.
    assertThat(plan.create()).anySatisfy(s -> {
      assertThat(s.ports()).isEmpty();
      assertThat(s.endpoints()).extracting(e -> e.targetRef().orElseThrow().name()).containsExactly("d");
    });
  }

  @Test
  void appProtocolIsCarried() {
    ServiceView svc = service("web", Map.of("app", "web"),
        new ServiceView.Port("h2", "TCP", 80, new ServiceView.TargetPort.Number(8080), Optional.of("kubernetes.io/h2c")));
    Slice s = reconciler.reconcile(svc, pods(1), NODES, List.of()).create().get(0);
    assertThat(s.ports()).containsExactly(new EndpointPort("h2", "TCP", 8080, Optional.of("kubernetes.io/h2c")));
  }

  @Test
  void readinessAndTerminationSetTheConditions() {
    PodView ready = pod("a", "10.244.0.2");
    PodView notReady = Fixtures.withReady(pod("b", "10.244.0.3"), false);
    PodView stoppingReady = Fixtures.terminating(pod("c", "10.244.0.4"));
    PodView stoppingNotReady = Fixtures.terminating(Fixtures.withReady(pod("d", "10.244.0.5"), false));
    Slice s = reconciler.reconcile(web, List.of(ready, notReady, stoppingReady, stoppingNotReady), NODES, List.of())
        .create().get(0);
    assertThat(s.endpoints()).extracting(Endpoint::conditions).containsExactly(
        Endpoint.Conditions.of(true, true, false),
        Endpoint.Conditions.of(false, false, false),
        Endpoint.Conditions.of(false, true, true),
        Endpoint.Conditions.of(false, false, true));

    ServiceView publish = new ServiceView("default", "web", "uid-web", Map.of(), web.selector(), "ClusterIP", "10.96.0.20",
        List.of("IPv4"), true, web.ports(), Instant.EPOCH, false);
    Slice p = reconciler.reconcile(publish, List.of(notReady, stoppingNotReady), NODES, List.of()).create().get(0);
    assertThat(p.endpoints()).extracting(Endpoint::conditions).containsExactly(
        Endpoint.Conditions.of(true, false, false), Endpoint.Conditions.of(true, false, true));
  }

  @Test
  void podsWithoutIpAndTerminalPodsAreLeftOut() {
    PodView noIp = new PodView("default", "pending", "u1", Map.of("app", "web"), List.of(), "Pending", false,
        Optional.empty(), false, "", "", "", List.of());
    PodView done = new PodView("default", "done", "u2", Map.of("app", "web"), List.of("10.244.0.9"), "Succeeded", false,
        Optional.empty(), false, "node-1", "", "", List.of());
    PodView failed = new PodView("default", "failed", "u3", Map.of("app", "web"), List.of("10.244.0.8"), "Failed", false,
        Optional.empty(), false, "node-1", "", "", List.of());
    SlicePlan plan = reconciler.reconcile(web, List.of(noIp, done, failed), NODES, List.of());
    assertThat(plan.create()).hasSize(1);
    assertThat(plan.create().get(0).endpoints()).isEmpty();
  }

  @Test
  void aServiceWithoutEndpointsHasOnePlaceholderSliceThatIsReusedWhenPodsCome() {
    Fixtures.Server server = new Fixtures.Server();
    server.apply(reconciler.reconcile(web, List.of(), NODES, List.of()));
    assertThat(server.slices).hasSize(1);
    Slice placeholder = server.slices.get(0);
    assertThat(placeholder.ports()).isEmpty();
    assertThat(placeholder.endpoints()).isEmpty();
    assertThat(reconciler.reconcile(web, List.of(), NODES, server.slices).isEmpty()).isTrue();

    SlicePlan plan = reconciler.reconcile(web, pods(2), NODES, server.slices);
    assertThat(plan.create()).isEmpty();
    assertThat(plan.delete()).isEmpty();
    assertThat(plan.update()).extracting(Slice::name).containsExactly(placeholder.name());
    server.apply(plan);
    assertThat(server.slices.get(0).ports()).extracting(EndpointPort::port).containsExactly(8080);

    // All pods gone: the slice becomes the placeholder again, in place.
    SlicePlan empty = reconciler.reconcile(web, List.of(), NODES, server.slices);
    assertThat(empty.update()).extracting(Slice::name).containsExactly(placeholder.name());
    assertThat(empty.create()).isEmpty();
    assertThat(empty.delete()).isEmpty();
  }

  @Test
  void minimalChurnOneChangedPodTouchesOneSlice() {
    Fixtures.Server server = new Fixtures.Server();
    List<PodView> pods = new ArrayList<>(pods(250));
    server.apply(reconciler.reconcile(web, pods, NODES, List.of()));
    String holder = sliceOf(server, "web-150");

    // web-150 turns not ready: its slice alone is updated, in place.
    pods.set(150, Fixtures.withReady(pods.get(150), false));
    SlicePlan notReady = reconciler.reconcile(web, pods, NODES, server.slices);
    assertThat(notReady.create()).isEmpty();
    assertThat(notReady.delete()).isEmpty();
    assertThat(notReady.update()).extracting(Slice::name).containsExactly(holder);
    server.apply(notReady);
    assertThat(sliceOf(server, "web-150")).isEqualTo(holder);
    assertThat(endpointOf(server, "web-150").conditions()).isEqualTo(Endpoint.Conditions.of(false, false, false));

    // web-010 is deleted: one update of its slice.
    String other = sliceOf(server, "web-010");
    pods.remove(10);
    SlicePlan deleted = reconciler.reconcile(web, pods, NODES, server.slices);
    assertThat(deleted.writes()).isEqualTo(1);
    assertThat(deleted.update()).extracting(Slice::name).containsExactly(other);
    server.apply(deleted);
    assertThat(server.endpoints()).isEqualTo(249);

    // A new pod joins the slice with room that ends closest to full; nothing else moves.
    pods.add(pod("web-new", "10.244.9.9"));
    SlicePlan added = reconciler.reconcile(web, pods, NODES, server.slices);
    assertThat(added.writes()).isEqualTo(1);
    server.apply(added);
    assertThat(server.slices).allSatisfy(s -> assertThat(s.endpoints().size()).isLessThanOrEqualTo(100));
    assertThat(server.endpoints()).isEqualTo(250);
    assertThat(reconciler.reconcile(web, pods, NODES, server.slices).isEmpty()).isTrue();
  }

  @Test
  void aSliceLeftEmptyIsDeleted() {
    Fixtures.Server server = new Fixtures.Server();
    List<PodView> pods = new ArrayList<>(pods(150));
    server.apply(reconciler.reconcile(web, pods, NODES, List.of()));
    assertThat(server.slices).hasSize(2);
    String second = sliceOf(server, "web-120");
    pods.subList(100, 150).clear();
    SlicePlan plan = reconciler.reconcile(web, pods, NODES, server.slices);
    assertThat(plan.delete()).extracting(Slice::name).containsExactly(second);
    assertThat(plan.update()).isEmpty();
    assertThat(plan.create()).isEmpty();
  }

  @Test
  void labelsFollowTheServiceButReservedOnesAndHeadlessServicesAreLabelled() {
    ServiceView labelled = new ServiceView("default", "db", "uid-db", Map.of("team", "a", "kubernetes.io/service-name", "x"),
        Optional.of(Map.of("app", "web")), "ClusterIP", "None", List.of("IPv4"), false, List.of(port("", 5432, 5432)),
        Instant.EPOCH, false);
    Slice s = reconciler.reconcile(labelled, pods(1), NODES, List.of()).create().get(0);
    assertThat(s.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "a", "service.kubernetes.io/headless", "",
        "kubernetes.io/service-name", "db", "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"));
    assertThat(s.ports()).containsExactly(new EndpointPort("", "TCP", 5432, Optional.empty()));

    // The service's labels change: the slice is updated for its labels alone.
    Slice existing = s.withName("db-1");
    ServiceView relabelled = new ServiceView("default", "db", "uid-db", Map.of("team", "b"), labelled.selector(),
        "ClusterIP", "None", List.of("IPv4"), false, labelled.ports(), Instant.EPOCH, false);
    SlicePlan plan = reconciler.reconcile(relabelled, pods(1), NODES, List.of(existing));
    assertThat(plan.update()).singleElement().satisfies(u -> assertThat(u.labels()).containsEntry("team", "b"));
  }

  @Test
  void headlessServiceWithoutPortsAndHostnames() {
    ServiceView headless = new ServiceView("default", "sub", "uid-sub", Map.of(), Optional.of(Map.of("app", "web")),
        "ClusterIP", "None", List.of("IPv4"), false, List.of(), Instant.EPOCH, false);
    PodView p = pod("a", "10.244.0.2");
    PodView named = new PodView("default", "b", "uid-b", Map.of("app", "web"), List.of("10.244.0.3"), "Running", true,
        Optional.empty(), false, "node-1", "appname", "sub", List.of());
    PodView otherSubdomain = new PodView("default", "c", "uid-c", Map.of("app", "web"), List.of("10.244.0.4"), "Running",
        true, Optional.empty(), false, "node-1", "appname", "elsewhere", List.of());
    Slice s = reconciler.reconcile(headless, List.of(p, named, otherSubdomain), NODES, List.of()).create().get(0);
    assertThat(s.ports()).isEmpty();
    assertThat(s.endpoints()).extracting(Endpoint::hostname)
        .containsExactly(Optional.empty(), Optional.of("appname"), Optional.empty());
  }

  @Test
  void podsOnUnknownNodesAreSkippedUnlessPublishNotReadyAddresses() {
    PodView lost = new PodView("default", "lost", "uid-lost", Map.of("app", "web"), List.of("10.244.5.5"), "Running",
        true, Optional.empty(), false, "node-gone", "", "", List.of());
    SlicePlan plan = reconciler.reconcile(web, List.of(pod("a", "10.244.0.2"), lost), NODES, List.of());
    assertThat(plan.skippedPods()).containsExactly("lost");
    assertThat(plan.create().get(0).endpoints()).hasSize(1);

    ServiceView publish = new ServiceView("default", "web", "uid-web", Map.of(), web.selector(), "ClusterIP", "10.96.0.20",
        List.of("IPv4"), true, web.ports(), Instant.EPOCH, false);
    SlicePlan published = reconciler.reconcile(publish, List.of(lost), NODES, List.of());
    assertThat(published.skippedPods()).isEmpty();
    assertThat(published.create().get(0).endpoints()).singleElement()
        .satisfies(e -> assertThat(e.zone()).isEmpty());
  }

  @Test
  void slicesNotOwnedByTheServiceAreReplacedAndDualStackGetsASlicePerFamily() {
    Slice foreign = new Slice("web-old", "IPv4", List.of(), List.of(), Map.of(), false);
    SlicePlan plan = reconciler.reconcile(web, pods(1), NODES, List.of(foreign));
    assertThat(plan.delete()).extracting(Slice::name).containsExactly("web-old");
    assertThat(plan.create()).hasSize(1);

    ServiceView dual = new ServiceView("default", "web", "uid-web", Map.of(), web.selector(), "ClusterIP", "10.96.0.20",
        List.of("IPv4", "IPv6"), false, web.ports(), Instant.EPOCH, false);
    PodView p = new PodView("default", "a", "uid-a", Map.of("app", "web"), List.of("10.244.0.2", "fd00::2"), "Running",
        true, Optional.empty(), false, "node-1", "", "", List.of());
    SlicePlan both = reconciler.reconcile(dual, List.of(p), NODES, List.of());
    assertThat(both.create()).extracting(Slice::addressType).containsExactly("IPv4", "IPv6");
    assertThat(both.create()).extracting(s -> s.endpoints().get(0).addresses()).containsExactly(
        List.of("10.244.0.2"), List.of("fd00::2"));
  }

  @Test
  void aDeletingServiceGetsNoNewSlices() {
    ServiceView going = new ServiceView("default", "web", "uid-web", Map.of(), web.selector(), "ClusterIP", "10.96.0.20",
        List.of("IPv4"), false, web.ports(), Instant.EPOCH, true);
    assertThat(reconciler.reconcile(going, pods(3), NODES, List.of()).create()).isEmpty();
  }

  private static String sliceOf(Fixtures.Server server, String pod) {
    return server.slices.stream()
        .filter(s -> s.endpoints().stream().anyMatch(e -> e.targetRef().orElseThrow().name().equals(pod)))
        .map(Slice::name).findFirst().orElseThrow();
  }

  private static Endpoint endpointOf(Fixtures.Server server, String pod) {
    return server.slices.stream().flatMap(s -> s.endpoints().stream())
        .filter(e -> e.targetRef().orElseThrow().name().equals(pod)).findFirst().orElseThrow();
  }
}
