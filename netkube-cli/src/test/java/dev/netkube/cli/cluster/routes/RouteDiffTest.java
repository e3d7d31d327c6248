package dev.netkube.cli.cluster.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.cli.cluster.Cidr;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure route diff: wanted routes from the nodes' podCIDRs vs the routes present. */
class RouteDiffTest {
  static final Cidr CLUSTER = Cidr.parse("10.244.0.0/16");
  /** eth0 of node-1 on the default LAN, as ip reports it. */
  static final DeviceRoutes NODE_1_ETH0 = new DeviceRoutes(List.of(Cidr.parse("192.168.10.0/24")), Set.of("192.168.10.2"), List.of());

  static NodeRoute node(String name, String podCidr, String ip) {
    return new NodeRoute(name, podCidr == null ? List.of() : List.of(Cidr.parse(podCidr)), Optional.ofNullable(ip));
  }

  static Route route(String dst, String via, String dev) { return new Route(Cidr.parse(dst), via, dev); }

  final List<NodeRoute> three = List.of(node("node-1", "10.244.0.0/24", "192.168.10.2"),
      node("node-2", "10.244.1.0/24", "192.168.10.3"), node("node-3", "10.244.2.0/24", "192.168.10.4"));

  @Test
  void aNodeRoutesTheOtherNodesPodCidrsViaTheirLanAddresses() {
    List<Route> wanted = WantedRoutes.of(RouteScope.node("node-1", "eth0", CLUSTER), NODE_1_ETH0, three);
    assertThat(wanted).containsExactly(route("10.244.1.0/24", "192.168.10.3", "eth0"), route("10.244.2.0/24", "192.168.10.4", "eth0"));
    assertThat(RouteDiff.between(wanted, List.of())).containsExactly(
        "route replace 10.244.1.0/24 via 192.168.10.3 dev eth0 proto 78",
        "route replace 10.244.2.0/24 via 192.168.10.4 dev eth0 proto 78");
  }

  @Test
  void theHostRoutesEveryNodesPodCidr() {
    DeviceRoutes hostLink = new DeviceRoutes(List.of(Cidr.parse("192.168.10.0/24")), Set.of("192.168.10.1"), List.of());
    assertThat(WantedRoutes.of(RouteScope.host("nk-lan", CLUSTER), hostLink, three)).extracting(Route::destination)
        .extracting(Cidr::toString).containsExactly("10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24");
  }

  @Test
  void routesThatAreRightNeedNothing() {
    List<Route> wanted = WantedRoutes.of(RouteScope.node("node-1", "eth0", CLUSTER), NODE_1_ETH0, three);
    assertThat(RouteDiff.between(wanted, wanted)).isEmpty();
  }

  @Test
  void aNodeThatWentLosesItsRouteAndAChangedGatewayIsReplaced() {
    List<Route> present = List.of(route("10.244.1.0/24", "192.168.10.3", "eth0"), route("10.244.2.0/24", "192.168.10.4", "eth0"));
    List<NodeRoute> now = List.of(node("node-1", "10.244.0.0/24", "192.168.10.2"), node("node-2", "10.244.1.0/24", "192.168.10.9"));
    List<Route> wanted = WantedRoutes.of(RouteScope.node("node-1", "eth0", CLUSTER), NODE_1_ETH0, now);
    assertThat(RouteDiff.between(wanted, present)).containsExactly(
        "route del 10.244.2.0/24 via 192.168.10.4 dev eth0 proto 78",
        "route replace 10.244.1.0/24 via 192.168.10.9 dev eth0 proto 78");
  }

  @Test
  void nothingIsRoutedOffTheLanOrOutsideTheClusterCidr() {
    List<NodeRoute> odd = List.of(
        node("elsewhere", "10.244.5.0/24", "8.8.8.8"), // gateway not on the link: would leave the machine
        node("no-ip", "10.244.6.0/24", null), // not registered yet
        node("no-cidr", null, "192.168.10.7"), // node-ipam has not assigned one yet
        node("wide", "0.0.0.0/0", "192.168.10.8"), // must never become a default route
        node("outside", "10.250.0.0/24", "192.168.10.9"),
        node("itself", "10.244.7.0/24", "192.168.10.2")); // the device's own address
    assertThat(WantedRoutes.of(RouteScope.node("node-1", "eth0", CLUSTER), NODE_1_ETH0, odd)).isEmpty();
  }

  @Test
  void twoNodesClaimingOneCidrGiveOneRouteTheFirstNameWins() {
    List<NodeRoute> clash = List.of(node("node-3", "10.244.1.0/24", "192.168.10.4"), node("node-2", "10.244.1.0/24", "192.168.10.3"));
    assertThat(WantedRoutes.of(RouteScope.node("node-1", "eth0", CLUSTER), NODE_1_ETH0, clash))
        .containsExactly(route("10.244.1.0/24", "192.168.10.3", "eth0"));
  }

  @Test
  void duplicatesOfOneDestinationAreRemovedButTheWantedOneKept() {
    Route good = route("10.244.1.0/24", "192.168.10.3", "eth0");
    Route stale = route("10.244.1.0/24", "192.168.10.5", "eth0");
    assertThat(RouteDiff.between(List.of(good), List.of(stale, good)))
        .containsExactly("route del 10.244.1.0/24 via 192.168.10.5 dev eth0 proto 78");
  }

  @Test
  void onlyNetkubesOwnRoutesAreReadAsOurs() {
    String json = "[{\"dst\":\"192.168.10.0/24\",\"protocol\":\"2\",\"scope\":\"253\",\"prefsrc\":\"192.168.10.2\",\"flags\":[]},"
        + "{\"dst\":\"10.244.1.0/24\",\"gateway\":\"192.168.10.3\",\"protocol\":\"78\",\"flags\":[]},"
        + "{\"dst\":\"10.244.9.0/24\",\"gateway\":\"192.168.10.9\",\"protocol\":\"4\",\"flags\":[]}]";
    DeviceRoutes parsed = DeviceRoutes.parse("eth0", json);
    assertThat(parsed.onLink()).containsExactly(Cidr.parse("192.168.10.0/24"));
    assertThat(parsed.ownAddresses()).containsExactly("192.168.10.2");
    assertThat(parsed.ours()).containsExactly(route("10.244.1.0/24", "192.168.10.3", "eth0"));
    assertThat(DeviceRoutes.parse("eth0", "").ours()).isEmpty();
  }
}
