package dev.netkube.apiserver.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The allocation core told as stories: each step is something a user or the server does to a
 * tiny cluster (a /27 service CIDR, ten node ports), and after every step the invariants hold:
 * nothing is allocated twice, and what the allocators hold is exactly what the stored services
 * reference (no leak), unless a step says a leak is expected until the next repair.
 */
class ServiceAllocationStoryTest {
  private static final Ipv4Cidr CIDR = Ipv4Cidr.parse("10.96.0.0/27");
  private static final PortRange PORTS = PortRange.parse("30000-30009");

  /** A world: the allocators, the "store" of services, and the repair controllers' memory. */
  static final class World {
    final Random random = new Random(42);
    ServiceAllocator allocator = new ServiceAllocator(new ClusterIpAllocator(CIDR, random), new NodePortAllocator(PORTS, random));
    final Map<ServiceRef, ServiceSpec> store = new LinkedHashMap<>();
    RangeRepair<String> ipRepair = new RangeRepair<>(RangeRepair.clusterIps());
    RangeRepair<Integer> portRepair = new RangeRepair<>(RangeRepair.nodePorts());
    final List<String> log = new ArrayList<>();

    Outcome create(String name, ServiceSpec spec) {
      Outcome out = allocator.create(spec, false);
      if (out instanceof Outcome.Admitted a) {
        store.put(ref(name), a.spec());
        allocator.commit(a.txn());
      }
      log.add("create " + name + " -> " + out.getClass().getSimpleName());
      return out;
    }

    Outcome update(String name, ServiceSpec next) {
      Outcome out = allocator.update(store.get(ref(name)), next, false);
      if (out instanceof Outcome.Admitted a) {
        store.put(ref(name), a.spec());
        allocator.commit(a.txn());
      }
      return out;
    }

    /** The store refuses the write (a conflict): whatever the request took goes back. */
    Outcome conflictingUpdate(String name, ServiceSpec next) {
      Outcome out = allocator.update(store.get(ref(name)), next, false);
      if (out instanceof Outcome.Admitted a) allocator.revert(a.txn());
      return out;
    }

    Outcome conflictingCreate(ServiceSpec spec) {
      Outcome out = allocator.create(spec, false);
      if (out instanceof Outcome.Admitted a) allocator.revert(a.txn());
      return out;
    }

    void delete(String name) {
      Txn txn = allocator.delete(store.remove(ref(name)));
      allocator.commit(txn);
    }

    /** A new server process: empty allocators rebuilt from the stored services. */
    List<Finding> restart() {
      Random fresh = new Random(7);
      allocator = new ServiceAllocator(new ClusterIpAllocator(CIDR, fresh), new NodePortAllocator(PORTS, fresh));
      ipRepair = new RangeRepair<>(RangeRepair.clusterIps());
      portRepair = new RangeRepair<>(RangeRepair.nodePorts());
      return repair(true);
    }

    List<Finding> repair(boolean initial) {
      return allocator.exclusive(() -> {
        var ips = ipRepair.run(allocator.ips(), RangeRepair.references(store, ServiceSpec::heldClusterIPs), initial);
        var ports = portRepair.run(allocator.ports(), RangeRepair.references(store, ServiceSpec::heldNodePorts), initial);
        allocator.replace((ClusterIpAllocator) ips.rebuilt(), (NodePortAllocator) ports.rebuilt());
        List<Finding> all = new ArrayList<>(ips.findings());
        all.addAll(ports.findings());
        return all;
      });
    }

    ServiceSpec get(String name) { return store.get(ref(name)); }

    /** No value referenced twice; held == referenced. */
    void invariants() {
      Map<String, ServiceRef> ipOwner = new HashMap<>();
      Map<Integer, ServiceRef> portOwner = new HashMap<>();
      store.forEach((ref, spec) -> {
        for (String ip : spec.heldClusterIPs()) {
          assertThat(ipOwner.put(ip, ref)).as("cluster IP " + ip + " of " + ref + " already held by another").isNull();
        }
        for (int port : spec.heldNodePorts()) {
          assertThat(portOwner.put(port, ref)).as("node port " + port + " of " + ref + " already held by another").isNull();
        }
      });
      assertThat(allocator.ips().allocated()).as("held cluster IPs").containsExactlyInAnyOrderElementsOf(ipOwner.keySet());
      assertThat(new TreeSet<>(allocator.ports().allocated())).as("held node ports").isEqualTo(new TreeSet<>(portOwner.keySet()));
    }
  }

  static ServiceRef ref(String name) { return new ServiceRef("default", name); }

  static ServiceSpec clusterIP(String... ips) {
    return new ServiceSpec("ClusterIP", List.of(ips), List.of(), "SingleStack", true,
        List.of(new ServicePort(80, "TCP", 0)), true, "", 0);
  }

  static ServiceSpec nodePort(int... nodePorts) {
    List<ServicePort> ports = new ArrayList<>();
    for (int i = 0; i < nodePorts.length; i++) ports.add(new ServicePort(80 + i, "TCP", nodePorts[i]));
    return new ServiceSpec("NodePort", List.of(), List.of(), "SingleStack", true, ports, true, "Cluster", 0);
  }

  static ServiceSpec externalName() {
    return new ServiceSpec("ExternalName", List.of(), List.of(), "", false, List.of(), true, "", 0);
  }

  static ServiceSpec as(ServiceSpec s, String type) {
    return new ServiceSpec(type, s.clusterIPs(), s.ipFamilies(), s.ipFamilyPolicy(), s.hasSelector(), s.ports(),
        s.allocateLoadBalancerNodePorts(), type.equals("ClusterIP") ? "" : "Cluster", s.healthCheckNodePort());
  }

  static Outcome.Admitted admitted(Outcome out) {
    assertThat(out).isInstanceOf(Outcome.Admitted.class);
    return (Outcome.Admitted) out;
  }

  static String invalidMessage(Outcome out) {
    assertThat(out).isInstanceOf(Outcome.Invalid.class);
    return ((Outcome.Invalid) out).errors().get(0).message();
  }

  @Test
  void aClusterLifeFromCreateToRestart() {
    World w = new World();
    // The kubernetes service takes the first address; a dynamic pick never does.
    admitted(w.create("kubernetes", clusterIP("10.96.0.1")));
    w.invariants();
    admitted(w.create("web", clusterIP()));
    assertThat(w.get("web").clusterIPs()).hasSize(1).doesNotContain("10.96.0.1");
    assertThat(w.get("web").ipFamilies()).containsExactly("IPv4");
    w.invariants();

    // Asking for a taken or a foreign address is refused in upstream's words, holding nothing.
    assertThat(invalidMessage(w.create("dup", clusterIP("10.96.0.1")))).isEqualTo(
        "spec.clusterIPs: Invalid value: []string{\"10.96.0.1\"}: failed to allocate IP 10.96.0.1: provided IP is already allocated");
    assertThat(invalidMessage(w.create("far", clusterIP("10.97.0.1")))).isEqualTo(
        "spec.clusterIPs: Invalid value: []string{\"10.97.0.1\"}: failed to allocate IP 10.97.0.1: the provided IP (10.97.0.1) "
            + "is not in the valid range. The range of valid IPs is 10.96.0.0/27");
    assertThat(invalidMessage(w.create("net", clusterIP("10.96.0.0")))).contains("the provided IP (10.96.0.0) is not in the valid range");
    assertThat(invalidMessage(w.create("bcast", clusterIP("10.96.0.31")))).contains("is not in the valid range");
    w.invariants();

    // NodePort: one asked for, one picked; a second service cannot take the same port.
    admitted(w.create("np", nodePort(30000, 0)));
    assertThat(w.get("np").ports().get(1).nodePort()).isBetween(30000, 30009).isNotEqualTo(30000);
    assertThat(invalidMessage(w.create("np2", nodePort(30000)))).isEqualTo(
        "spec.ports[0].nodePort: Invalid value: 30000: provided port is already allocated");
    assertThat(invalidMessage(w.create("np3", nodePort(0, 31000)))).isEqualTo(
        "spec.ports[1].nodePort: Invalid value: 31000: provided port is not in the valid range. The range of valid ports is 30000-30009");
    w.invariants();

    // Type changes: NodePort -> ClusterIP frees the ports, -> ExternalName frees the IP, back allocates anew.
    String npIP = w.get("np").clusterIPs().get(0);
    ServiceSpec dropped = as(w.get("np"), "ClusterIP").withPorts(List.of(new ServicePort(80, "TCP", 0), new ServicePort(81, "TCP", 0)));
    admitted(w.update("np", dropped));
    assertThat(w.get("np").nodePorts()).isEmpty();
    assertThat(w.get("np").clusterIPs()).containsExactly(npIP);
    w.invariants();
    admitted(w.create("np2", nodePort(30000)));
    w.invariants();
    admitted(w.update("np", externalName()));
    w.invariants();
    admitted(w.create("reuse", clusterIP(npIP)));
    w.invariants();
    admitted(w.update("np", clusterIP()));
    assertThat(w.get("np").clusterIPs()).hasSize(1).doesNotContain(npIP);
    w.invariants();
    admitted(w.update("np", as(w.get("np"), "NodePort")));
    assertThat(w.get("np").nodePorts()).hasSize(1);
    w.invariants();

    // A failed store write gives back what it took; what it meant to release stays held.
    int before = w.allocator.ports().allocated().size();
    admitted(w.conflictingUpdate("web", as(w.get("web"), "NodePort")));
    admitted(w.conflictingCreate(nodePort(0, 0)));
    admitted(w.conflictingUpdate("np2", as(w.get("np2"), "ClusterIP").withPorts(List.of(new ServicePort(80, "TCP", 0)))));
    assertThat(w.allocator.ports().allocated()).hasSize(before);
    w.invariants();

    // Delete frees; a restart rebuilds exactly the same holdings and reports nothing.
    w.delete("reuse");
    w.invariants();
    Set<String> ips = Set.copyOf(w.allocator.ips().allocated());
    Set<Integer> ports = Set.copyOf(w.allocator.ports().allocated());
    assertThat(w.restart()).isEmpty();
    assertThat(w.allocator.ips().allocated()).containsExactlyInAnyOrderElementsOf(ips);
    assertThat(w.allocator.ports().allocated()).containsExactlyInAnyOrderElementsOf(ports);
    w.invariants();
    // After the restart, taken values are still refused and new picks are fresh.
    assertThat(invalidMessage(w.create("again", clusterIP("10.96.0.1")))).contains("provided IP is already allocated");
    admitted(w.create("after", nodePort(0)));
    w.invariants();
    assertThat(w.repair(false)).isEmpty();
    w.invariants();
  }

  @Test
  void fillingTheRangeUsesTheStaticBandLastAndThenFailsCleanly() {
    World w = new World();
    // A /27 has 30 usable addresses; its static band is the first 16 (upstream: min 16).
    assertThat(Bitmap.staticBand(CIDR.size(), 16, 256, 16)).isEqualTo(16);
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Outcome.Admitted a = admitted(w.create("s" + i, clusterIP()));
      order.add(a.spec().clusterIPs().get(0));
      w.invariants();
    }
    // The first 14 dynamic picks (the upper band: offsets 16..29) stay above 10.96.0.16.
    for (String ip : order.subList(0, 14)) assertThat(Ipv4Cidr.parseAddress(ip).getAsLong() & 31).isGreaterThan(16);
    Outcome full = w.create("one-too-many", clusterIP());
    assertThat(full).isEqualTo(new Outcome.Failed("failed to allocate a serviceIP: range is full"));
    w.invariants();
    w.delete("s3");
    admitted(w.create("fits-again", clusterIP()));
    w.invariants();
  }

  @Test
  void portsOfOneNumberShareANodePortAndFullRangesRefuseWithoutLeaking() {
    World w = new World();
    ServiceSpec dns = new ServiceSpec("NodePort", List.of(), List.of(), "SingleStack", true,
        List.of(new ServicePort(53, "UDP", 0), new ServicePort(53, "TCP", 0)), true, "Cluster", 0);
    ServiceSpec got = admitted(w.create("dns", dns)).spec();
    assertThat(got.ports().get(0).nodePort()).isNotZero().isEqualTo(got.ports().get(1).nodePort());
    w.invariants();
    // Asked on the second port, the number is used for both.
    ServiceSpec asked = new ServiceSpec("NodePort", List.of(), List.of(), "SingleStack", true,
        List.of(new ServicePort(54, "UDP", 0), new ServicePort(54, "TCP", 30005)), true, "Cluster", 0);
    got = admitted(w.create("dns2", asked)).spec();
    assertThat(got.ports()).extracting(ServicePort::nodePort).containsExactly(30005, 30005);
    w.invariants();
    for (int i = 0; i < 8; i++) admitted(w.create("fill" + i, nodePort(0)));
    w.invariants();
    // Full: the cluster IP this create took goes back too.
    Set<String> ipsBefore = Set.copyOf(w.allocator.ips().allocated());
    assertThat(w.create("no-room", nodePort(0))).isEqualTo(new Outcome.Failed("failed to allocate a nodePort: range is full"));
    assertThat(w.allocator.ips().allocated()).containsExactlyInAnyOrderElementsOf(ipsBefore);
    w.invariants();
  }

  @Test
  void healthCheckPortsAndLoadBalancersWithoutNodePorts() {
    World w = new World();
    ServiceSpec local = new ServiceSpec("LoadBalancer", List.of(), List.of(), "SingleStack", true,
        List.of(new ServicePort(80, "TCP", 0)), true, "Local", 30009);
    ServiceSpec got = admitted(w.create("lb", local)).spec();
    assertThat(got.healthCheckNodePort()).isEqualTo(30009);
    w.invariants();
    assertThat(w.create("lb2", local)).isEqualTo(
        new Outcome.Failed("failed to allocate requested HealthCheck NodePort 30009: provided port is already allocated"));
    w.invariants();
    // Cluster policy: the health check port goes back once stored.
    ServiceSpec cluster = new ServiceSpec("LoadBalancer", got.clusterIPs(), got.ipFamilies(), "SingleStack", true,
        got.ports(), true, "Cluster", 0);
    admitted(w.update("lb", cluster));
    assertThat(w.allocator.ports().has(30009)).isFalse();
    w.invariants();
    ServiceSpec noPorts = new ServiceSpec("LoadBalancer", List.of(), List.of(), "SingleStack", true,
        List.of(new ServicePort(80, "TCP", 0)), false, "Cluster", 0);
    assertThat(admitted(w.create("lb-bare", noPorts)).spec().nodePorts()).isEmpty();
    w.invariants();
  }

  @Test
  void familiesOnASingleStackCluster() {
    World w = new World();
    ServiceSpec dual = new ServiceSpec("ClusterIP", List.of(), List.of(), "RequireDualStack", true,
        List.of(new ServicePort(80, "TCP", 0)), true, "", 0);
    assertThat(invalidMessage(w.create("dual", dual))).isEqualTo(
        "spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": this cluster is not configured for dual-stack services");
    ServiceSpec v6 = new ServiceSpec("ClusterIP", List.of(), List.of("IPv6"), "SingleStack", true,
        List.of(new ServicePort(80, "TCP", 0)), true, "", 0);
    assertThat(invalidMessage(w.create("v6", v6))).isEqualTo("spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured on this cluster");
    // Headless without a selector may be dual even here, and holds no address.
    ServiceSpec headless = new ServiceSpec("ClusterIP", List.of("None"), List.of(), "RequireDualStack", false,
        List.of(new ServicePort(80, "TCP", 0)), true, "", 0);
    assertThat(admitted(w.create("headless", headless)).spec().ipFamilies()).containsExactly("IPv4", "IPv6");
    w.invariants();
  }

  @Test
  void dryRunsTakeNothing() {
    World w = new World();
    admitted(w.create("np", nodePort(30001)));
    ServiceSpec probe = admitted(w.allocator.create(nodePort(0, 30002), true)).spec();
    assertThat(probe.clusterIPs()).containsExactly("10.96.0.0");
    assertThat(probe.ports()).extracting(ServicePort::nodePort).containsExactly(32769, 30002);
    assertThat(invalidMessage(w.allocator.create(nodePort(30001), true))).contains("provided port is already allocated");
    w.invariants();
  }

  @Test
  void repairFindsDoubleAllocationsOutOfRangeAndLeaks() {
    World w = new World();
    admitted(w.create("a", clusterIP("10.96.0.5")));
    admitted(w.create("p", nodePort(30003)));
    // Stored state the allocators never saw: a second owner of 10.96.0.5 and of 30003, an address outside the range.
    w.store.put(ref("b"), clusterIP("10.96.0.5"));
    w.store.put(ref("c"), clusterIP("10.100.0.1"));
    w.store.put(ref("q"), nodePort(30003));
    List<Finding> findings = w.repair(false);
    assertThat(findings).extracting(Finding::reason).containsExactlyInAnyOrder(
        "ClusterIPAlreadyAllocated", "ClusterIPOutOfRange", "PortAlreadyAllocated");
    assertThat(findings).extracting(Finding::message).contains(
        "Cluster IP [IPv4]:10.96.0.5 was assigned to multiple services; please recreate service",
        "Cluster IP [IPv4]:10.100.0.1 is not within the service CIDR 10.96.0.0/27; please recreate service",
        "Port 30003 was assigned to multiple services; please recreate service");
    w.store.remove(ref("b"));
    w.store.remove(ref("c"));
    w.store.remove(ref("q"));

    // Referenced but not held: repaired.
    w.store.put(ref("lost"), clusterIP("10.96.0.7"));
    assertThat(w.repair(false)).extracting(Finding::message).containsExactly("Cluster IP [IPv4]:10.96.0.7 is not allocated; repairing");
    w.invariants();

    // Held but referenced by nobody: kept for two passes (a write may be in flight), freed on the third.
    w.allocator.exclusive(() -> w.allocator.ips().allocate("10.96.0.9"));
    assertThat(w.repair(false)).extracting(Finding::log).containsExactly("the cluster IP 10.96.0.9 may have leaked: flagging for later clean up");
    assertThat(w.allocator.ips().has("10.96.0.9")).isTrue();
    assertThat(w.repair(false)).isEmpty();
    assertThat(w.allocator.ips().has("10.96.0.9")).isTrue();
    assertThat(w.repair(false)).extracting(Finding::log).containsExactly("the cluster IP 10.96.0.9 appears to have leaked: cleaning up");
    w.invariants();

    // A suspected leak that turns out referenced (its write landed) is forgotten.
    w.allocator.exclusive(() -> w.allocator.ports().allocate(30008));
    w.repair(false);
    w.store.put(ref("late"), nodePort(30008));
    assertThat(w.repair(false)).isEmpty();
    assertThat(w.portRepair.suspectedLeaks()).isEmpty();
    w.invariants();
  }

  @Test
  void aRestartWithANarrowerRangeReportsWhatNoLongerFits() {
    World w = new World();
    admitted(w.create("high", clusterIP("10.96.0.30")));
    World narrow = new World();
    narrow.store.putAll(w.store);
    narrow.allocator = new ServiceAllocator(new ClusterIpAllocator(Ipv4Cidr.parse("10.96.0.0/28"), new Random(1)),
        new NodePortAllocator(PORTS, new Random(1)));
    List<Finding> findings = narrow.repair(true);
    assertThat(findings).extracting(Finding::reason).containsExactly("ClusterIPOutOfRange");
  }
}
