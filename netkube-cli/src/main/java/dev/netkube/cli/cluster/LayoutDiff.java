package dev.netkube.cli.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code ip} commands that turn what the kernel has ({@link ObservedLayout}) into a
 * {@link LayoutPlan}: nothing for what is already right, so that re-running {@code up} is cheap
 * and a layout left half made by a crash is completed. Pure.
 *
 * <p>Order: first remove what is in the way (namespaces of nodes no longer wanted, ends of veths
 * whose peer is gone or elsewhere: a namespace's deletion is asynchronous in the kernel, so a
 * peer may linger for a moment), then add namespaces and the host's veth, then the bridge and
 * the members' veths in the LAN's namespace, then each member's address, then sysctls.
 */
public final class LayoutDiff {
  static final String FORWARDING_SYSCTL = "net.ipv4.ip_forward=1";

  private LayoutDiff() {}

  /**
   * @param extraNetns namespaces of the layout's prefix that the plan no longer has (e.g.
   *     node-3 after {@code up --nodes 2}): removed
   */
  public static LayoutChanges between(LayoutPlan plan, ObservedLayout seen, String ownerAlias, List<String> extraNetns) {
    List<String> removeHost = new ArrayList<>();
    Map<String, List<String>> removeIn = new LinkedHashMap<>();
    List<String> addHost = new ArrayList<>();
    List<String> lan = new ArrayList<>();
    Map<String, List<String>> members = new LinkedHashMap<>();
    List<String> removed = new ArrayList<>();

    for (String ns : extraNetns) {
      if (seen.netns().contains(ns)) {
        removeHost.add("netns del " + ns);
        removed.add(ns);
      }
    }
    Set<String> fresh = new HashSet<>();
    for (String ns : plan.netnsNames()) {
      if (seen.netns().contains(ns) && seen.unreadable().contains(ns)) {
        removeHost.add("netns del " + ns); // a mount point without a namespace behind it
        removed.add(ns);
      }
      if (!seen.usable(ns)) {
        addHost.add("netns add " + ns);
        fresh.add(ns);
      }
    }
    String lanNs = plan.lanNetns();
    boolean lanFresh = fresh.contains(lanNs);
    Optional<LinkState> inLan = Optional.empty();

    // the host's veth: its two ends must be each other's peers
    LayoutPlan.HostPort host = plan.host();
    Optional<LinkState> hostLink = seen.hostLink();
    Optional<LinkState> hostPort = lanFresh ? inLan : seen.link(lanNs, host.bridgePort());
    boolean hostPaired = hostLink.isPresent() && hostPort.isPresent() && hostLink.get().pairedWith(hostPort.get());
    if (!hostPaired) {
      hostLink.ifPresent(l -> removeHost.add("link del " + host.link()));
      hostPort.ifPresent(l -> removeIn.computeIfAbsent(lanNs, n -> new ArrayList<>()).add("link del " + host.bridgePort()));
      addHost.add("link add " + host.link() + " type veth peer name " + host.bridgePort() + " netns " + lanNs);
    }
    List<String> hostAddresses = hostPaired ? hostLink.get().addresses() : List.of();
    addAddress(addHost, host.link(), hostAddresses, host.addressWithPrefix());
    if (!hostPaired || !hostLink.get().up()) addHost.add("link set " + host.link() + " up");
    Optional<String> alias = hostPaired && seen.hostLinkAlias().filter(ownerAlias::equals).isPresent()
        ? Optional.empty() : Optional.of(ownerAlias);

    // the LAN's namespace: loopback, bridge, ports
    if (lanFresh || !seen.link(lanNs, "lo").map(LinkState::up).orElse(false)) lan.add("link set lo up");
    Optional<LinkState> bridge = lanFresh ? inLan : seen.link(lanNs, plan.bridge());
    if (bridge.isEmpty()) lan.add("link add " + plan.bridge() + " type bridge");
    if (bridge.isEmpty() || !bridge.get().up()) lan.add("link set " + plan.bridge() + " up");
    if (!hostPaired || !isPortUp(hostPort.get(), plan.bridge())) lan.add(portUp(host.bridgePort(), plan.bridge()));

    // ports of members the plan no longer has (node-3 after up --nodes 2): gone at once, not
    // whenever the kernel gets round to destroying their namespace
    if (!lanFresh) {
      Set<String> planned = new HashSet<>(Set.of("lo", plan.bridge(), host.bridgePort()));
      for (LayoutPlan.Member m : plan.members()) planned.add(m.bridgePort());
      for (LinkState l : seen.links().getOrDefault(lanNs, List.of())) {
        if (!planned.contains(l.name())) removeIn.computeIfAbsent(lanNs, n -> new ArrayList<>()).add("link del " + l.name());
      }
    }

    for (LayoutPlan.Member m : plan.members()) {
      boolean memberFresh = fresh.contains(m.netns());
      Optional<LinkState> port = lanFresh ? inLan : seen.link(lanNs, m.bridgePort());
      Optional<LinkState> link = memberFresh ? inLan : seen.link(m.netns(), m.link());
      boolean paired = port.isPresent() && link.isPresent() && port.get().pairedWith(link.get());
      List<String> inside = new ArrayList<>();
      if (!paired) {
        port.ifPresent(p -> removeIn.computeIfAbsent(lanNs, n -> new ArrayList<>()).add("link del " + m.bridgePort()));
        link.ifPresent(l -> removeIn.computeIfAbsent(m.netns(), n -> new ArrayList<>()).add("link del " + m.link()));
        lan.add("link add " + m.bridgePort() + " type veth peer name " + m.link() + " netns " + m.netns());
      }
      if (!paired || !isPortUp(port.get(), plan.bridge())) lan.add(portUp(m.bridgePort(), plan.bridge()));
      if (memberFresh || !seen.link(m.netns(), "lo").map(LinkState::up).orElse(false)) inside.add("link set lo up");
      addAddress(inside, m.link(), paired ? link.get().addresses() : List.of(), m.addressWithPrefix());
      if (!paired || !link.get().up()) inside.add("link set " + m.link() + " up");
      if (!inside.isEmpty()) members.put(m.netns(), inside);
    }

    List<IpBatch> batches = new ArrayList<>();
    if (!removeHost.isEmpty()) batches.add(IpBatch.host(removeHost));
    removeIn.forEach((ns, lines) -> {
      if (!fresh.contains(ns)) batches.add(IpBatch.in(ns, lines));
    });
    if (!addHost.isEmpty()) batches.add(IpBatch.host(addHost));
    if (!lan.isEmpty()) batches.add(IpBatch.in(lanNs, lan));
    members.forEach((ns, lines) -> batches.add(IpBatch.in(ns, lines)));
    // Nodes route pods' packets between their pod bridge and the LAN. Not readable from here
    // without entering the namespace, so always set: an idempotent write.
    List<String> forwarding = new ArrayList<>();
    List<String> sysctls = new ArrayList<>();
    for (LayoutPlan.Member n : plan.nodes()) {
      forwarding.add(n.netns());
      sysctls.add("netns exec " + n.netns() + " sysctl -qw " + FORWARDING_SYSCTL);
    }
    batches.add(IpBatch.host(sysctls));
    return new LayoutChanges(batches, alias, removed, forwarding);
  }

  /** Exactly this one IPv4 address on the link: added, or the others flushed first. */
  private static void addAddress(List<String> lines, String link, List<String> present, String wanted) {
    if (present.equals(List.of(wanted))) return;
    if (!present.isEmpty()) lines.add("addr flush dev " + link);
    lines.add("addr add " + wanted + " dev " + link);
  }

  private static boolean isPortUp(LinkState port, String bridge) {
    return port.up() && port.master().filter(bridge::equals).isPresent();
  }

  private static String portUp(String port, String bridge) {
    return "link set " + port + " master " + bridge + " up";
  }
}
