package dev.netkube.apiserver.service;

import java.util.OptionalLong;

/**
 * An IPv4 network such as {@code 10.96.0.0/12}, addresses as unsigned 32-bit values in a long.
 * The service CIDR is single-stack IPv4 (netkube's cluster is), so no IPv6 here.
 */
public record Ipv4Cidr(long network, int prefix) {
  public Ipv4Cidr {
    if (prefix < 1 || prefix > 30) throw new IllegalArgumentException("prefix length must be 1..30: /" + prefix);
    long mask = mask(prefix);
    if ((network & ~mask & 0xFFFFFFFFL) != 0) {
      throw new IllegalArgumentException(format(network) + "/" + prefix + " has host bits set");
    }
  }

  /** Parses {@code a.b.c.d/n}; throws IllegalArgumentException with a readable message. */
  public static Ipv4Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) throw new IllegalArgumentException("not a CIDR (a.b.c.d/n): " + text);
    long ip = parseAddress(text.substring(0, slash))
        .orElseThrow(() -> new IllegalArgumentException("not an IPv4 CIDR: " + text));
    int prefix;
    try {
      prefix = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
    }
    return new Ipv4Cidr(ip, prefix);
  }

  /** Dotted-quad parsing without name resolution; empty for anything else (IPv6, names, junk). */
  public static OptionalLong parseAddress(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) return OptionalLong.empty();
    long value = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) return OptionalLong.empty();
      int octet = Integer.parseInt(p);
      if (octet > 255) return OptionalLong.empty();
      value = (value << 8) | octet;
    }
    return OptionalLong.of(value);
  }

  public static String format(long ip) {
    return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
  }

  private static long mask(int prefix) { return (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL; }

  /** Number of addresses, network and broadcast included. */
  public long size() { return 1L << (32 - prefix); }

  public boolean contains(long ip) { return (ip & mask(prefix)) == network; }

  @Override
  public String toString() { return format(network) + "/" + prefix; }
}
