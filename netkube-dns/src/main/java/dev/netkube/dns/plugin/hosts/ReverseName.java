package dev.netkube.dns.plugin.hosts;

import java.net.InetAddress;
import java.util.Optional;

/** The address a reverse name stands for: {@code 4.3.2.1.in-addr.arpa.} → 1.2.3.4, 32 nibbles of ip6.arpa → IPv6. */
final class ReverseName {
  private ReverseName() {}

  static Optional<InetAddress> address(String name) {
    if (name.endsWith(".in-addr.arpa.")) {
      String[] l = name.substring(0, name.length() - ".in-addr.arpa.".length()).split("\\.");
      if (l.length != 4) return Optional.empty();
      return HostsTable.literal(l[3] + "." + l[2] + "." + l[1] + "." + l[0]);
    }
    if (name.endsWith(".ip6.arpa.")) {
      String[] l = name.substring(0, name.length() - ".ip6.arpa.".length()).split("\\.");
      if (l.length != 32) return Optional.empty();
      StringBuilder sb = new StringBuilder();
      for (int i = 31; i >= 0; i--) {
        if (l[i].length() != 1) return Optional.empty();
        sb.append(l[i]);
        if (i % 4 == 0 && i > 0) sb.append(':');
      }
      return HostsTable.literal(sb.toString());
    }
    return Optional.empty();
  }
}
