package dev.netkube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netkube.cli.cluster.Cidr;
import dev.netkube.cli.cluster.ClusterNetwork;
import dev.netkube.cli.cluster.Exec;
import dev.netkube.cli.cluster.LayoutPlan;
import dev.netkube.cli.cluster.LayoutPlanner;
import dev.netkube.cli.cluster.LayoutSpec;
import dev.netkube.cli.cluster.LayoutState;
import dev.netkube.cli.cluster.routes.IpRouteTable;
import dev.netkube.cli.cluster.routes.NodeRoute;
import dev.netkube.cli.cluster.routes.RouteKeeper;
import dev.netkube.cli.cluster.routes.RouteScope;
import dev.netkube.cli.cluster.routes.RouteTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster layout in real kernel namespaces: made, reached, repaired, routed and removed.
 * Each run has a prefix of its own ("nkt" + 4 hex) and a LAN (10.213.R.0/24) and pod CIDR that are
 * not netkube's defaults, so that a user's netkube and other tests are never touched; whatever
 * happens, everything of the prefix is removed at the end.
 */
class ClusterLayoutNetnsTest {
  @TempDir Path tmp;
  NetkubeHome home;
  LayoutPlan plan;
  String prefix;
  List<String> before;

  @BeforeEach
  void setUp() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    prefix = "nkt" + String.format("%04x", random.nextInt(0x10000));
    int lan = random.nextInt(256);
    int pod = 200 + random.nextInt(10);
    home = new NetkubeHome(tmp.resolve("home"));
    plan = LayoutPlanner.plan(new LayoutSpec(prefix, Cidr.parse("10.213." + lan + ".0/24"), 2,
        Cidr.parse("10." + pod + ".0.0/16"), LayoutSpec.DEFAULT_SERVICE_CIDR));
    before = snapshot();
  }

  @AfterEach
  void tearDown() throws Exception {
    ClusterNetwork.teardown(prefix, home.dir());
    run("ip", "link", "del", prefix + "-dum"); // the overlap test's, if it is still there
  }

  @Test
  void aTwoNodeLayoutIsReachableFromTheHostTheLanClientAndTheOtherNode() throws Exception {
    ClusterNetwork.check(plan, home.dir(), false);
    ClusterNetwork.Made made = ClusterNetwork.ensure(plan, home.dir());
    assertThat(made.wasComplete()).isFalse();
    System.out.println("layout of 2 nodes made in " + made.took().toMillis() + " ms");

    LayoutPlan.Member node1 = plan.nodes().get(0);
    LayoutPlan.Member node2 = plan.nodes().get(1);
    assertThat(node1.netns()).isEqualTo(prefix + "-node-1");
    assertPings(Optional.empty(), node1.address());
    assertPings(Optional.empty(), node2.address());
    assertPings(Optional.of(plan.client().netns()), node1.address());
    assertPings(Optional.of(plan.client().netns()), plan.host().address());
    assertPings(Optional.of(node1.netns()), node2.address());
    assertThat(run("ip", "netns", "exec", node1.netns(), "sysctl", "-n", "net.ipv4.ip_forward").stdout().strip()).isEqualTo("1");
    // nodes reach nothing but the LAN: no default route
    assertThat(run("ip", "-n", node1.netns(), "route", "show", "default").stdout()).isBlank();

    ClusterNetwork.Made again = ClusterNetwork.ensure(plan, home.dir());
    assertThat(again.wasComplete()).isTrue();
    System.out.println("layout of 2 nodes checked again in " + again.took().toMillis() + " ms");
  }

  @Test
  void aLayoutLeftHalfMadeIsRepaired() throws Exception {
    ClusterNetwork.ensure(plan, home.dir());
    LayoutPlan.Member node2 = plan.nodes().get(1);
    ok("ip", "netns", "del", node2.netns());
    ok("ip", "-n", plan.lanNetns(), "link", "set", "node-1", "nomaster");

    ClusterNetwork.Made repaired = ClusterNetwork.ensure(plan, home.dir());
    assertThat(repaired.wasComplete()).isFalse();
    assertPings(Optional.empty(), node2.address());
    assertPings(Optional.of(node2.netns()), plan.nodes().get(0).address());
    assertThat(ClusterNetwork.ensure(plan, home.dir()).wasComplete()).isTrue();
  }

  @Test
  void podCidrRoutesAppearOnTheHostAndTheNodesAndGoWithTheirNode() throws Exception {
    ClusterNetwork.ensure(plan, home.dir());
    LayoutPlan.Member node1 = plan.nodes().get(0);
    LayoutPlan.Member node2 = plan.nodes().get(1);
    Cidr pods = plan.spec().podCidr();
    Cidr pods1 = new Cidr(pods.network() + 256, 24);
    Cidr pods2 = new Cidr(pods.network() + 512, 24);
    // a "pod" address on node-2, on a bridge as the CNI bridge plugin makes one (no dummy module here)
    String podIp = Cidr.format(pods2.address(1));
    ok("ip", "-n", node2.netns(), "link", "add", "pods", "type", "bridge");
    ok("ip", "-n", node2.netns(), "addr", "add", podIp + "/24", "dev", "pods");
    ok("ip", "-n", node2.netns(), "link", "set", "pods", "up");

    List<NodeRoute> nodes = List.of(new NodeRoute("node-1", List.of(pods1), Optional.of(node1.address())),
        new NodeRoute("node-2", List.of(pods2), Optional.of(node2.address())));
    RouteTable host = IpRouteTable.here(plan.host().link());
    RouteTable onNode1 = new IpRouteTable(Optional.of(node1.netns()), "eth0");
    RouteTable onNode2 = new IpRouteTable(Optional.of(node2.netns()), "eth0");
    RouteScope hostScope = RouteScope.host(plan.host().link(), pods);
    assertThat(RouteKeeper.syncOnce(hostScope, host, nodes)).hasSize(2);
    assertThat(RouteKeeper.syncOnce(RouteScope.node("node-1", "eth0", pods), onNode1, nodes)).hasSize(1);
    assertThat(RouteKeeper.syncOnce(RouteScope.node("node-2", "eth0", pods), onNode2, nodes)).hasSize(1);
    assertThat(RouteKeeper.syncOnce(hostScope, host, nodes)).isEmpty(); // already right

    assertThat(routes(Optional.empty(), plan.host().link())).containsExactly(
        pods1 + " via " + node1.address() + " proto 78", pods2 + " via " + node2.address() + " proto 78");
    assertThat(routes(Optional.of(node1.netns()), "eth0")).contains(pods2 + " via " + node2.address() + " proto 78")
        .noneMatch(r -> r.startsWith(pods1.toString()));
    assertPings(Optional.empty(), podIp);
    assertPings(Optional.of(node1.netns()), podIp);

    // node-2 goes: its routes go, on the host and on node-1
    List<NodeRoute> left = nodes.subList(0, 1);
    assertThat(RouteKeeper.syncOnce(hostScope, host, left)).containsExactly(
        "route del " + pods2 + " via " + node2.address() + " dev " + plan.host().link() + " proto 78");
    RouteKeeper.syncOnce(RouteScope.node("node-1", "eth0", pods), onNode1, left);
    assertThat(routes(Optional.empty(), plan.host().link())).containsExactly(pods1 + " via " + node1.address() + " proto 78");
    assertThat(routes(Optional.of(node1.netns()), "eth0")).isEmpty();
  }

  @Test
  void teardownLeavesTheHostAsItWasAlsoWithProcessesLeftInTheNamespaces() throws Exception {
    ClusterNetwork.ensure(plan, home.dir());
    LayoutState.of(plan, Instant.now()).write(home.layoutFile());
    // what an agent killed with -9 leaves: a process still in its node's namespace
    Process leftover = new ProcessBuilder("ip", "netns", "exec", plan.nodes().get(0).netns(), "sleep", "600").start();
    assertThat(snapshot()).isNotEqualTo(before);

    assertThat(DownCommand.removeNetwork(home)).isTrue();
    assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(snapshot()).isEqualTo(before);
    assertThat(Files.exists(home.layoutFile())).isFalse();
  }

  @Test
  void downFindsTheLayoutByItsLinksAliasWhenTheLayoutFileIsLost() throws Exception {
    ClusterNetwork.ensure(plan, home.dir());
    assertThat(Files.exists(home.layoutFile())).isFalse();
    assertThat(DownCommand.removeNetwork(home)).isTrue();
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aLanThatOverlapsAnAddressOfTheHostIsRefusedWithWhatAndHow() throws Exception {
    String dummy = prefix + "-dum";
    String taken = Cidr.format(plan.spec().lan().address(77)) + "/24";
    ok("ip", "link", "add", dummy, "type", "bridge");
    ok("ip", "addr", "add", taken, "dev", dummy);
    assertThatThrownBy(() -> ClusterNetwork.check(plan, home.dir(), false)).isInstanceOf(UserError.class)
        .hasMessageContaining("the cluster LAN " + plan.spec().lan() + " overlaps address " + taken + " on " + dummy)
        .satisfies(e -> assertThat(((UserError) e).hint()).contains("--lan-cidr"));
    assertThat(dev.netkube.cli.cluster.NetnsProcesses.names()).noneMatch(n -> n.startsWith(prefix)); // nothing made
  }

  /**
   * What of ip netns, ip link, ip route (every table) and nft list tables concerns this run (its
   * prefix, its LAN, its pod CIDR), and the host's forwarding switch. Other engineers' tests may
   * change the rest of the host meanwhile.
   */
  private List<String> snapshot() {
    String lan = plan.spec().lan().toString().replaceAll("0/24$", "");
    String pods = Cidr.format(plan.spec().podCidr().network()).replaceAll("0\\.0$", "");
    List<String> state = new ArrayList<>();
    dev.netkube.cli.cluster.NetnsProcesses.names().stream().filter(n -> n.startsWith(prefix)).sorted()
        .forEach(n -> state.add("netns: " + n));
    for (String[] command : List.of(new String[] {"ip", "-o", "link", "show"}, new String[] {"ip", "route", "show", "table", "all"},
        new String[] {"nft", "list", "tables"})) {
      Exec.Result r = run(command);
      assertThat(r.ok()).as(r.failure()).isTrue();
      Arrays.stream(r.stdout().split("\n")).filter(l -> l.contains(prefix) || l.contains(lan) || l.contains(pods)).sorted()
          .forEach(l -> state.add(command[1] + ": " + l));
    }
    state.add("host forwarding: " + run("sysctl", "-n", "net.ipv4.ip_forward").stdout().strip());
    return state;
  }

  private static List<String> routes(Optional<String> netns, String device) {
    List<String> command = new ArrayList<>(List.of("ip"));
    netns.ifPresent(n -> command.addAll(List.of("-n", n)));
    command.addAll(List.of("-N", "-4", "route", "show", "dev", device));
    return Arrays.stream(run(command.toArray(String[]::new)).stdout().split("\n")).map(String::strip)
        .filter(l -> l.contains(" via ")).toList();
  }

  private static void assertPings(Optional<String> netns, String address) {
    List<String> command = new ArrayList<>();
    netns.ifPresent(n -> command.addAll(List.of("ip", "netns", "exec", n)));
    command.addAll(List.of("ping", "-c", "1", "-W", "2", address));
    Exec.Result r = run(command.toArray(String[]::new));
    assertThat(r.ok()).as(netns.orElse("host") + " pings " + address + ": " + r.failure()).isTrue();
  }

  private static void ok(String... command) {
    Exec.Result r = run(command);
    assertThat(r.ok()).as(r.failure()).isTrue();
  }

  private static Exec.Result run(String... command) {
    return Exec.run(List.of(command), "");
  }
}
