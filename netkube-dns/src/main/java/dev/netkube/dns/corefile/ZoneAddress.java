package dev.netkube.dns.corefile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A server block key normalised as CoreDNS does: transport (only {@code dns://} is served), zone as a lower-case
 * FQDN, port (the default when absent); a CIDR key ({@code 10.0.0.0/8}) becomes its reverse zones.
 */
public record ZoneAddress(String transport, String zone, int port) {
  /** CoreDNS's {@code zoneAddr.String()}: {@code dns://cluster.local.:53}. */
  @Override public String toString() { return transport + "://" + zone + ":" + port; }

  public static List<ZoneAddress> parse(String key, int defaultPort) throws CorefileException {
    String transport = "dns";
    String rest = key;
    int scheme = key.indexOf("://");
    if (scheme >= 0) {
      transport = key.substring(0, scheme).toLowerCase(Locale.ROOT);
      rest = key.substring(scheme + 3);
    }
    if (!transport.equals("dns")) {
      throw new CorefileException("transport " + transport + ":// is not served by netkube (only dns://): " + key);
    }
    int colon = rest.lastIndexOf(':');
    if (colon == rest.length() - 1 && colon >= 0) throw new CorefileException("expecting data after last colon: \"" + rest + "\"");
    int port = defaultPort;
    if (colon >= 0) {
      String p = rest.substring(colon + 1);
      if (p.chars().allMatch(Character::isDigit) && !p.isEmpty()) {
        port = Integer.parseInt(p);
        rest = rest.substring(0, colon);
        if (port > 65535) throw new CorefileException("invalid port " + p + " in " + key);
      }
    }
    if (rest.length() > 255) throw new CorefileException("specified zone is too long: " + rest.length() + " > 255");
    List<ZoneAddress> out = new ArrayList<>();
    if (rest.contains("/")) {
      for (String zone : ReverseZones.of(rest)) out.add(new ZoneAddress(transport, zone, port));
      return out;
    }
    if (rest.isEmpty() || rest.contains("..") || rest.contains(" ") || (rest.startsWith(".") && !rest.equals("."))) {
      throw new CorefileException("zone is not a valid domain name: " + rest);
    }
    out.add(new ZoneAddress(transport, fqdn(rest), port));
    return out;
  }

  /** Lower case with the trailing dot. */
  public static String fqdn(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n : n + ".";
  }
}
