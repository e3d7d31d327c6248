package dev.netkube.cli.cluster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the cluster's ranges (LAN, pod CIDR, service CIDR) are free on this host: no address
 * of the host and no route of its main table may overlap them, except the default route and
 * what is this layout's own (its host link's address and routes). Otherwise the host could not
 * tell cluster traffic from its own (a LAN address shadowing a Wi-Fi network, pod routes
 * stealing a VPN's). Pure.
 */
public final class HostRangeCheck {
  /** Ranges suggested when the default ones are taken (a few of the private ones, rarely used). */
  static final List<Cidr> LAN_CANDIDATES = List.of(Cidr.parse("192.168.10.0/24"), Cidr.parse("192.168.110.0/24"),
      Cidr.parse("192.168.210.0/24"), Cidr.parse("172.30.10.0/24"), Cidr.parse("10.213.10.0/24"));
  static final List<Cidr> POD_CANDIDATES = List.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("10.245.0.0/16"),
      Cidr.parse("10.246.0.0/16"), Cidr.parse("172.29.0.0/16"));

  private HostRangeCheck() {}

  /** What the host has, as {@code ip -j -4 addr} and {@code ip -j -4 route} show it, and its links' aliases. */
  public record HostNetwork(List<HostAddress> addresses, List<HostRoute> routes, Map<String, String> aliases) {
    public HostNetwork {
      addresses = List.copyOf(addresses);
      routes = List.copyOf(routes);
      aliases = Map.copyOf(aliases);
    }
  }

  /** Every overlap, LAN first. */
  public static List<RangeConflict> conflicts(LayoutSpec spec, String ownLink, HostNetwork host) {
    List<RangeConflict> found = new ArrayList<>();
    check(RangeConflict.Range.LAN, spec.lan(), ownLink, host, found);
    check(RangeConflict.Range.POD, spec.podCidr(), ownLink, host, found);
    check(RangeConflict.Range.SERVICE, spec.serviceCidr(), ownLink, host, found);
    return found;
  }

  private static void check(RangeConflict.Range name, Cidr range, String ownLink, HostNetwork host, List<RangeConflict> found) {
    for (HostAddress a : host.addresses()) {
      if (a.link().equals(ownLink)) continue;
      Optional<Cidr> network = Cidr.parseKernel(a.address());
      if (network.isPresent() && network.get().overlaps(range)) {
        found.add(new RangeConflict(name, range, "address " + a.address() + " on " + a.link(), owner(a.link(), host)));
      }
    }
    for (HostRoute r : host.routes()) {
      if (r.destination().prefix() == 0 || r.device().filter(ownLink::equals).isPresent()) continue;
      if (r.destination().overlaps(range)) {
        found.add(new RangeConflict(name, range, "route " + r.describe(), r.device().flatMap(d -> owner(d, host))));
      }
    }
  }

  private static Optional<String> owner(String link, HostNetwork host) {
    return Optional.ofNullable(host.aliases().get(link)).flatMap(Ownership::home);
  }

  /** What to do about the conflicts, one line each: other ranges that are free here, or what to remove. */
  public static List<String> fixes(LayoutSpec spec, String ownLink, List<RangeConflict> conflicts, HostNetwork host) {
    Set<String> fixes = new LinkedHashSet<>();
    for (RangeConflict c : conflicts) {
      if (c.range() == RangeConflict.Range.LAN) {
        fixes.add(free(LAN_CANDIDATES, spec, ownLink, host, true)
            .map(cidr -> "use another LAN: --lan-cidr " + cidr + " (free on this host)")
            .orElse("use another LAN with --lan-cidr, a private range this host does not use"));
      } else if (c.range() == RangeConflict.Range.POD) {
        fixes.add(free(POD_CANDIDATES, spec, ownLink, host, false)
            .map(cidr -> "use another pod CIDR: --pod-cidr " + cidr + " (free on this host)")
            .orElse("use another pod CIDR with --pod-cidr, a private range this host does not use"));
      } else {
        fixes.add("the service CIDR " + spec.serviceCidr() + " is fixed (kubeadm's default): remove or narrow the"
            + " overlapping route (ip route del ...)");
      }
      c.otherNetkube().ifPresent(h -> fixes.add("or stop that netkube first: NETKUBE_HOME=" + h + " ./netkube down;"
          + " a second netkube needs its own --prefix, --lan-cidr, --pod-cidr and --port"));
    }
    return List.copyOf(fixes);
  }

  private static Optional<Cidr> free(List<Cidr> candidates, LayoutSpec spec, String ownLink, HostNetwork host, boolean lan) {
    for (Cidr candidate : candidates) {
      if (lan ? candidate.equals(spec.lan()) : candidate.equals(spec.podCidr())) continue;
      if (candidate.overlaps(spec.serviceCidr()) || candidate.overlaps(lan ? spec.podCidr() : spec.lan())) continue;
      List<RangeConflict> found = new ArrayList<>();
      check(RangeConflict.Range.LAN, candidate, ownLink, host, found);
      if (found.isEmpty()) return Optional.of(candidate);
    }
    return Optional.empty();
  }
}
