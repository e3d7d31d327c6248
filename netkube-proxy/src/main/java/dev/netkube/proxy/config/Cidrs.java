package dev.netkube.proxy.config;

import java.util.regex.Pattern;

/** Address syntax checks for the configuration (IPv4 and IPv6 literals, CIDRs). Pure, no name lookups. */
final class Cidrs {
  private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private Cidrs() {}

  static boolean isIp(String s) { return IPV4.matcher(s).matches() || (IPV6.matcher(s).matches() && s.length() >= 2); }

  static boolean isCidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) return false;
    String ip = s.substring(0, slash);
    int max = ip.contains(":") ? 128 : 32;
    try {
      int bits = Integer.parseInt(s.substring(slash + 1));
      return isIp(ip) && bits >= 0 && bits <= max;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static boolean isLoopback(String cidr) { return cidr.startsWith("127.") || cidr.startsWith("::1/"); }
}
