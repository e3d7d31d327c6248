package dev.netkube.dns.plugin;

import dev.netkube.dns.corefile.ZoneAddress;
import java.util.List;

/** CoreDNS's {@code fallthrough [ZONES...]}: off, on for every name, or on for names under the zones given. */
public record Fallthrough(boolean enabled, List<String> zones) {
  public static final Fallthrough OFF = new Fallthrough(false, List.of());

  public Fallthrough {
    zones = zones.stream().map(ZoneAddress::fqdn).toList();
  }

  public static Fallthrough of(List<String> zones) { return new Fallthrough(true, zones); }

  /** Whether a query for {@code name} (lower-case FQDN) goes on to the next plugin instead of NXDOMAIN. */
  public boolean through(String name) {
    if (!enabled) return false;
    if (zones.isEmpty()) return true;
    for (String z : zones) if (Zones.isSubdomain(name, z)) return true;
    return false;
  }
}
