package dev.netkube.proxy.userspace;

import dev.netkube.proxy.model.Ipv4;
import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.model.ServicePort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The userspace proxy's "portals", in upstream's chains and rule shapes, as one iptables-restore input: traffic
 * to a service's address is sent to the port of its listener on this node. Traffic arriving from pods or outside
 * (nat PREROUTING, KUBE-PORTALS-CONTAINER / KUBE-NODEPORT-CONTAINER) is REDIRECTed, which keeps UDP replies on the
 * interface they came in by; the node's own traffic (nat OUTPUT, KUBE-PORTALS-HOST / KUBE-NODEPORT-HOST) is DNATed
 * to the node's IP, because REDIRECT of a local packet goes to 127.0.0.1 and its replies would leave from another
 * address. The chains are declared, so iptables-restore --noflush rewrites each of them whole; nothing else of the
 * tables changes. Pure.
 */
public final class PortalRules {
  public static final String CONTAINER_PORTALS = "KUBE-PORTALS-CONTAINER";
  public static final String HOST_PORTALS = "KUBE-PORTALS-HOST";
  public static final String CONTAINER_NODEPORTS = "KUBE-NODEPORT-CONTAINER";
  public static final String HOST_NODEPORTS = "KUBE-NODEPORT-HOST";
  public static final String NON_LOCAL_NODEPORTS = "KUBE-NODEPORT-NON-LOCAL";

  private PortalRules() {}

  /**
   * @param ports the proxied ports, each with its listener's port
   * @param hostIp the node IP the host's own traffic is DNATed to
   * @param natJumps the jumps the nat table still lacks ({@link Jumps#missing})
   * @param filterJumps the jumps the filter table still lacks
   */
  public static String restoreText(List<ProxiedPort> ports, String hostIp, List<String> natJumps, List<String> filterJumps) {
    List<ProxiedPort> sorted = new ArrayList<>(ports);
    sorted.sort(Comparator.comparing((ProxiedPort p) -> p.port().name()).thenComparing(p -> p.port().protocol()));
    List<String> containerPortals = new ArrayList<>();
    List<String> hostPortals = new ArrayList<>();
    List<String> containerNodePorts = new ArrayList<>();
    List<String> hostNodePorts = new ArrayList<>();
    List<String> nonLocal = new ArrayList<>();
    for (ProxiedPort pp : sorted) {
      ServicePort sp = pp.port();
      int to = pp.proxyPort();
      for (String ip : sp.clusterIps()) portal(sp, ip, false, to, hostIp, containerPortals, hostPortals);
      for (String ip : sp.externalIps()) portal(sp, ip, true, to, hostIp, containerPortals, hostPortals);
      for (String ip : sp.loadBalancerIps()) portal(sp, ip, false, to, hostIp, containerPortals, hostPortals);
      if (sp.nodePort().isPresent()) {
        int np = sp.nodePort().getAsInt();
        containerNodePorts.add("-A " + CONTAINER_NODEPORTS + " " + common(sp, np, null) + redirect(to));
        hostNodePorts.add("-A " + HOST_NODEPORTS + " " + common(sp, np, null) + dnat(hostIp, to));
        // a default-deny INPUT policy must still let the redirected node-port traffic reach the listener
        nonLocal.add("-A " + NON_LOCAL_NODEPORTS + " " + common(sp, to, null) + " -m state --state NEW -j ACCEPT");
      }
    }
    StringBuilder out = new StringBuilder("*nat\n");
    for (String chain : List.of(CONTAINER_PORTALS, HOST_PORTALS, CONTAINER_NODEPORTS, HOST_NODEPORTS)) {
      out.append(':').append(chain).append(" - [0:0]\n");
    }
    natJumps.forEach(j -> out.append(j).append('\n'));
    for (List<String> rules : List.of(containerPortals, hostPortals, containerNodePorts, hostNodePorts)) {
      rules.forEach(r -> out.append(r).append('\n'));
    }
    out.append("COMMIT\n*filter\n:").append(NON_LOCAL_NODEPORTS).append(" - [0:0]\n");
    filterJumps.forEach(j -> out.append(j).append('\n'));
    nonLocal.forEach(r -> out.append(r).append('\n'));
    return out.append("COMMIT\n").toString();
  }

  /**
   * One portal (upstream's openOnePortal). An external IP may belong to another machine, so only traffic not
   * bridged through this node (physdev) and traffic to it as a local address are captured; the host's own
   * traffic to it only when it is local.
   */
  private static void portal(ServicePort sp, String ip, boolean external, int to, String hostIp, List<String> container,
      List<String> host) {
    if (!external) {
      container.add("-A " + CONTAINER_PORTALS + " " + common(sp, sp.port(), ip) + redirect(to));
      host.add("-A " + HOST_PORTALS + " " + common(sp, sp.port(), ip) + dnat(hostIp, to));
      return;
    }
    container.add("-A " + CONTAINER_PORTALS + " " + common(sp, sp.port(), ip) + " -m physdev ! --physdev-is-in" + redirect(to));
    container.add("-A " + CONTAINER_PORTALS + " " + common(sp, sp.port(), ip) + " -m addrtype --dst-type LOCAL" + redirect(to));
    host.add("-A " + HOST_PORTALS + " " + common(sp, sp.port(), ip) + " -m addrtype --dst-type LOCAL" + dnat(hostIp, to));
  }

  /** Upstream's iptablesCommonPortalArgs: the service port's name as a comment, protocol, port, address. */
  private static String common(ServicePort sp, int port, String ip) {
    String proto = sp.protocol().nft();
    return "-m comment --comment \"" + sp.name() + "\" -p " + proto + " -m " + proto + " --dport " + port
        + (ip == null ? "" : " -d " + ip + "/32");
  }

  private static String redirect(int to) { return " -j REDIRECT --to-ports " + to; }

  private static String dnat(String hostIp, int to) { return " -j DNAT --to-destination " + hostIp + ":" + to; }

  /** A port held open on the node so that nothing else takes it (upstream's claimNodePort). */
  public record HeldPort(String ip, int port, Protocol protocol) implements Comparable<HeldPort> {
    /** Every address: a node port. */
    public static final String ANY = "0.0.0.0";

    @Override
    public int compareTo(HeldPort o) {
      return Comparator.comparing(HeldPort::ip).thenComparingInt(HeldPort::port).thenComparing(HeldPort::protocol).compare(this, o);
    }
  }

  /**
   * The ports upstream held open while their rules redirect them: each node port on every address, and a service
   * port on each external or load-balancer IP that is one of this node's addresses.
   */
  public static SortedSet<HeldPort> heldPorts(List<ProxiedPort> ports, Set<String> localAddresses) {
    SortedSet<HeldPort> out = new TreeSet<>();
    for (ProxiedPort pp : ports) {
      ServicePort sp = pp.port();
      sp.nodePort().ifPresent(np -> out.add(new HeldPort(HeldPort.ANY, np, sp.protocol())));
      List<String> ips = new ArrayList<>(sp.externalIps());
      ips.addAll(sp.loadBalancerIps());
      for (String ip : ips) if (Ipv4.isIpv4(ip) && localAddresses.contains(ip)) out.add(new HeldPort(ip, sp.port(), sp.protocol()));
    }
    return out;
  }
}
