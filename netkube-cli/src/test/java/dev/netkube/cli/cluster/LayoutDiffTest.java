package dev.netkube.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LayoutDiffTest {
  static final String OWNER = "netkube /root/.netkube";
  final LayoutPlan plan = LayoutPlanner.plan(LayoutSpec.defaults(2));

  @Test
  void aFirstUpMakesEverythingInOneBatchPerNamespace() {
    LayoutChanges changes = LayoutDiff.between(plan, ObservedLayout.empty(), OWNER, List.of());
    assertThat(changes.batches()).containsExactly(
        IpBatch.host(List.of("netns add nk-lan", "netns add nk-node-1", "netns add nk-node-2", "netns add nk-client",
            "link add nk-lan type veth peer name host netns nk-lan", "addr add 192.168.10.1/24 dev nk-lan", "link set nk-lan up")),
        IpBatch.in("nk-lan", List.of("link set lo up", "link add br0 type bridge", "link set br0 up", "link set host master br0 up",
            "link add node-1 type veth peer name eth0 netns nk-node-1", "link set node-1 master br0 up",
            "link add node-2 type veth peer name eth0 netns nk-node-2", "link set node-2 master br0 up",
            "link add client type veth peer name eth0 netns nk-client", "link set client master br0 up")),
        IpBatch.in("nk-node-1", List.of("link set lo up", "addr add 192.168.10.2/24 dev eth0", "link set eth0 up")),
        IpBatch.in("nk-node-2", List.of("link set lo up", "addr add 192.168.10.3/24 dev eth0", "link set eth0 up")),
        IpBatch.in("nk-client", List.of("link set lo up", "addr add 192.168.10.254/24 dev eth0", "link set eth0 up")),
        IpBatch.host(List.of("netns exec nk-node-1 sysctl -qw net.ipv4.ip_forward=1",
            "netns exec nk-node-2 sysctl -qw net.ipv4.ip_forward=1")));
    assertThat(changes.hostLinkAlias()).contains(OWNER);
    assertThat(changes.linksComplete()).isFalse();
    assertThat(changes.forwardingNetns()).containsExactly("nk-node-1", "nk-node-2");
  }

  @Test
  void aCompleteLayoutNeedsNothingButTheSysctls() {
    LayoutChanges changes = LayoutDiff.between(plan, Made.of(plan).observed(), OWNER, List.of());
    assertThat(changes.batches()).hasSize(1);
    assertThat(changes.batches().get(0).lines()).allMatch(l -> l.startsWith("netns exec "));
    assertThat(changes.hostLinkAlias()).isEmpty();
    assertThat(changes.linksComplete()).isTrue();
  }

  @Test
  void aNodeWhoseNamespaceWentIsMadeAgainAndItsLingeringPortRemovedFirst() {
    Made made = Made.of(plan);
    made.netns.remove("nk-node-2");
    made.links.remove("nk-node-2"); // its port node-2 is still on the bridge: the kernel destroys namespaces later
    LayoutChanges changes = LayoutDiff.between(plan, made.observed(), OWNER, List.of());
    assertThat(changes.batches()).containsExactly(
        IpBatch.in("nk-lan", List.of("link del node-2")),
        IpBatch.host(List.of("netns add nk-node-2")),
        IpBatch.in("nk-lan", List.of("link add node-2 type veth peer name eth0 netns nk-node-2", "link set node-2 master br0 up")),
        IpBatch.in("nk-node-2", List.of("link set lo up", "addr add 192.168.10.3/24 dev eth0", "link set eth0 up")),
        changes.batches().get(4));
  }

  @Test
  void fewerNodesRemoveTheExtraNamespacesAndTheirPorts() {
    LayoutPlan three = LayoutPlanner.plan(LayoutSpec.defaults(3));
    LayoutChanges changes = LayoutDiff.between(plan, Made.of(three).observed(), OWNER, List.of("nk-node-3"));
    assertThat(changes.batches().get(0)).isEqualTo(IpBatch.host(List.of("netns del nk-node-3")));
    assertThat(changes.batches().get(1)).isEqualTo(IpBatch.in("nk-lan", List.of("link del node-3")));
    assertThat(changes.batches()).hasSize(3);
    assertThat(changes.removedNetns()).containsExactly("nk-node-3");
  }

  @Test
  void aWrongAddressIsReplacedAndADownLinkBroughtUp() {
    Made made = Made.of(plan);
    made.replace("nk-node-1", "eth0", l -> new LinkState(l.name(), l.ifindex(), l.peerIfindex(), false, l.master(),
        List.of("192.168.10.99/24"), l.kind()));
    LayoutChanges changes = LayoutDiff.between(plan, made.observed(), OWNER, List.of());
    assertThat(changes.batches().get(0))
        .isEqualTo(IpBatch.in("nk-node-1", List.of("addr flush dev eth0", "addr add 192.168.10.2/24 dev eth0", "link set eth0 up")));
  }

  @Test
  void aHostLinkWithoutItsPeerIsMadeAgainAndItsAliasSet() {
    Made made = Made.of(plan);
    made.hostLink = Optional.empty();
    made.replace("nk-lan", "host", l -> new LinkState(l.name(), l.ifindex(), OptionalInt.of(99), l.up(), l.master(), l.addresses(), l.kind()));
    LayoutChanges changes = LayoutDiff.between(plan, made.observed(), OWNER, List.of());
    assertThat(changes.batches().subList(0, 3)).containsExactly(
        IpBatch.in("nk-lan", List.of("link del host")),
        IpBatch.host(List.of("link add nk-lan type veth peer name host netns nk-lan", "addr add 192.168.10.1/24 dev nk-lan",
            "link set nk-lan up")),
        IpBatch.in("nk-lan", List.of("link set host master br0 up")));
    assertThat(changes.hostLinkAlias()).contains(OWNER);
  }

  @Test
  void aNameWithoutANamespaceBehindItIsRemovedAndMadeAgain() {
    Made made = Made.of(plan);
    made.links.remove("nk-client");
    made.unreadable.add("nk-client");
    LayoutChanges changes = LayoutDiff.between(plan, made.observed(), OWNER, List.of());
    assertThat(changes.batches().subList(0, 4)).containsExactly(
        IpBatch.host(List.of("netns del nk-client")),
        IpBatch.in("nk-lan", List.of("link del client")),
        IpBatch.host(List.of("netns add nk-client")),
        IpBatch.in("nk-lan", List.of("link add client type veth peer name eth0 netns nk-client", "link set client master br0 up")));
    assertThat(changes.removedNetns()).containsExactly("nk-client");
  }

  /** What the kernel shows of a plan once made: each veth's ends name each other's index. */
  static final class Made {
    final Set<String> netns = new HashSet<>();
    final Set<String> unreadable = new HashSet<>();
    final Map<String, List<LinkState>> links = new HashMap<>();
    Optional<LinkState> hostLink;
    private int next = 10;

    static Made of(LayoutPlan plan) {
      Made m = new Made();
      m.netns.addAll(plan.netnsNames());
      m.netns.add("someone-else");
      m.add(plan.lanNetns(), link("lo", m.next++, OptionalInt.empty(), Optional.empty(), List.of("127.0.0.1/8"), ""));
      m.add(plan.lanNetns(), link(plan.bridge(), m.next++, OptionalInt.empty(), Optional.empty(), List.of(), "bridge"));
      int hostIndex = m.next++;
      int hostPortIndex = m.next++;
      m.hostLink = Optional.of(link(plan.host().link(), hostIndex, OptionalInt.of(hostPortIndex), Optional.empty(),
          List.of(plan.host().addressWithPrefix()), "veth"));
      m.add(plan.lanNetns(), link(plan.host().bridgePort(), hostPortIndex, OptionalInt.of(hostIndex), Optional.of("br0"), List.of(), "veth"));
      for (LayoutPlan.Member member : plan.members()) {
        int port = m.next++;
        int inside = m.next++;
        m.add(plan.lanNetns(), link(member.bridgePort(), port, OptionalInt.of(inside), Optional.of("br0"), List.of(), "veth"));
        m.add(member.netns(), link("lo", 1, OptionalInt.empty(), Optional.empty(), List.of("127.0.0.1/8"), ""));
        m.add(member.netns(), link(member.link(), inside, OptionalInt.of(port), Optional.empty(), List.of(member.addressWithPrefix()), "veth"));
      }
      return m;
    }

    void add(String ns, LinkState link) { links.computeIfAbsent(ns, n -> new ArrayList<>()).add(link); }

    void replace(String ns, String name, java.util.function.UnaryOperator<LinkState> change) {
      links.get(ns).replaceAll(l -> l.name().equals(name) ? change.apply(l) : l);
    }

    ObservedLayout observed() {
      return new ObservedLayout(netns, unreadable, links, hostLink, hostLink.map(l -> OWNER));
    }

    private static LinkState link(String name, int index, OptionalInt peer, Optional<String> master, List<String> addresses, String kind) {
      return new LinkState(name, index, peer, true, master, addresses, kind);
    }
  }
}
