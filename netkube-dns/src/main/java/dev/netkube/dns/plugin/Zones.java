package dev.netkube.dns.plugin;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.ReverseZones;
import dev.netkube.dns.corefile.ZoneAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Zone matching as CoreDNS's plugin.Zones: the longest zone a name falls under. Names are lower-case FQDNs. */
public final class Zones {
  private Zones() {}

  public static boolean isSubdomain(String name, String zone) {
    return zone.equals(".") || name.equals(zone) || name.endsWith("." + zone);
  }

  public static Optional<String> match(List<String> zones, String name) {
    String best = null;
    for (String z : zones) if (isSubdomain(name, z) && (best == null || z.length() > best.length())) best = z;
    return Optional.ofNullable(best);
  }

  /** CoreDNS's OriginsFromArgsOrServerBlock: the arguments as zones (CIDRs as reverse zones), else the block's. */
  public static List<String> fromArgsOrBlock(List<String> args, List<String> blockZones) throws CorefileException {
    if (args.isEmpty()) return List.copyOf(blockZones);
    List<String> out = new ArrayList<>();
    for (String a : args) {
      if (a.contains("/")) out.addAll(ReverseZones.of(a));
      else out.add(ZoneAddress.fqdn(a));
    }
    return out;
  }
}
