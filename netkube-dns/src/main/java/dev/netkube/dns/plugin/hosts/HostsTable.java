package dev.netkube.dns.plugin.hosts;

import dev.netkube.dns.corefile.ZoneAddress;
import dev.netkube.dns.plugin.Zones;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Address;

/**
 * A hosts(5) text parsed as CoreDNS's hostsfile.go does: {@code IP name [aliases...]} per line, {@code #} comments,
 * lines without an IP literal skipped, names lower-cased FQDNs kept only inside the plugin's zones, each name's IPv4
 * and IPv6 addresses in file order, and (unless no_reverse) each address's names for PTR. Immutable.
 */
final class HostsTable {
  static final HostsTable EMPTY = new HostsTable(Map.of(), Map.of(), Map.of());

  private final Map<String, List<InetAddress>> v4;
  private final Map<String, List<InetAddress>> v6;
  private final Map<String, List<String>> byAddress;

  private HostsTable(Map<String, List<InetAddress>> v4, Map<String, List<InetAddress>> v6, Map<String, List<String>> byAddress) {
    this.v4 = v4;
    this.v6 = v6;
    this.byAddress = byAddress;
  }

  static HostsTable parse(String text, List<String> zones, boolean reverse) {
    Map<String, List<InetAddress>> v4 = new HashMap<>();
    Map<String, List<InetAddress>> v6 = new HashMap<>();
    Map<String, List<String>> byAddress = new HashMap<>();
    for (String raw : text.split("\n")) {
      int hash = raw.indexOf('#');
      String line = hash >= 0 ? raw.substring(0, hash) : raw;
      String[] fields = line.strip().split("\\s+");
      if (fields.length < 2) continue;
      Optional<InetAddress> ip = literal(fields[0]);
      if (ip.isEmpty()) continue;
      for (int i = 1; i < fields.length; i++) {
        String name = ZoneAddress.fqdn(fields[i]).toLowerCase(Locale.ROOT);
        if (Zones.match(zones, name).isEmpty()) continue;
        (ip.get() instanceof Inet4Address ? v4 : v6).computeIfAbsent(name, k -> new ArrayList<>()).add(ip.get());
        if (reverse) byAddress.computeIfAbsent(ip.get().getHostAddress(), k -> new ArrayList<>()).add(name);
      }
    }
    return new HostsTable(v4, v6, byAddress);
  }

  /**
   * An IP literal, never a name to look up; an IPv6 zone ({@code %eth0}) dropped and an IPv4-mapped IPv6 address
   * taken as IPv4, as Go's net.ParseIP.
   */
  static Optional<InetAddress> literal(String text) {
    int zone = text.indexOf('%');
    String s = zone >= 0 ? text.substring(0, zone) : text;
    byte[] bytes = Address.toByteArray(s, s.contains(":") ? Address.IPv6 : Address.IPv4);
    if (bytes == null) return Optional.empty();
    try {
      return Optional.of(InetAddress.getByAddress(bytes)); // 16 bytes of ::ffff:a.b.c.d come back as Inet4Address
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  List<InetAddress> v4(String name) { return v4.getOrDefault(name, List.of()); }

  List<InetAddress> v6(String name) { return v6.getOrDefault(name, List.of()); }

  List<String> names(InetAddress address) { return byAddress.getOrDefault(address.getHostAddress(), List.of()); }

  /** Entries as coredns_hosts_entries counts them: every address of every name, and every reverse name. */
  int size() {
    int n = 0;
    for (List<InetAddress> l : v4.values()) n += l.size();
    for (List<InetAddress> l : v6.values()) n += l.size();
    for (List<String> l : byAddress.values()) n += l.size();
    return n;
  }
}
