package dev.netkube.cli.cluster;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * An IPv4 network such as {@code 192.168.10.0/24} (prefix 0..32; addresses as unsigned 32-bit
 * values in a long). The cluster's network is IPv4 only, as DESIGN.md's table is.
 */
public record Cidr(long network, int prefix) implements Comparable<Cidr> {
  public static final Cidr DEFAULT_ROUTE = new Cidr(0, 0);

  public Cidr {
    if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("prefix length must be 0..32: /" + prefix);
    if ((network & ~mask(prefix) & 0xFFFFFFFFL) != 0) {
      throw new IllegalArgumentException(format(network) + "/" + prefix + " has host bits set");
    }
  }

  /**
   * Parses {@code a.b.c.d/n} as a user writes it: the address must be the network's own (as
   * kube-controller-manager's --cluster-cidr wants), so that a typo is not silently widened.
   */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    OptionalLong ip = slash < 0 ? OptionalLong.empty() : parseAddress(text.substring(0, slash));
    Optional<Integer> prefix = slash < 0 ? Optional.empty() : parsePrefix(text.substring(slash + 1));
    if (ip.isEmpty() || prefix.isEmpty()) {
      throw new IllegalArgumentException("invalid CIDR address: " + text + " (expected an IPv4 network such as 192.168.10.0/24)");
    }
    Cidr network = containing(ip.getAsLong(), prefix.get());
    if (network.network != ip.getAsLong()) {
      throw new IllegalArgumentException(text + " is not a network address (did you mean " + network + "?)");
    }
    return network;
  }

  /**
   * Parses what iproute2 prints: {@code default}, {@code a.b.c.d} (a /32) or {@code a.b.c.d/n}
   * (an address with its prefix length, turned into its network); empty for anything else.
   */
  public static Optional<Cidr> parseKernel(String text) {
    if (text == null) return Optional.empty();
    if (text.equals("default")) return Optional.of(DEFAULT_ROUTE);
    int slash = text.indexOf('/');
    OptionalLong ip = parseAddress(slash < 0 ? text : text.substring(0, slash));
    Optional<Integer> prefix = slash < 0 ? Optional.of(32) : parsePrefix(text.substring(slash + 1));
    if (ip.isEmpty() || prefix.isEmpty()) return Optional.empty();
    return Optional.of(containing(ip.getAsLong(), prefix.get()));
  }

  /** The network of this prefix length that holds the address. */
  public static Cidr containing(long ip, int prefix) {
    return new Cidr(ip & mask(prefix), prefix);
  }

  /** Dotted-quad parsing without name resolution; empty for anything else (IPv6, names, junk). */
  public static OptionalLong parseAddress(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) return OptionalLong.empty();
    long value = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) return OptionalLong.empty();
      int octet = Integer.parseInt(p);
      if (octet > 255) return OptionalLong.empty();
      value = (value << 8) | octet;
    }
    return OptionalLong.of(value);
  }

  private static Optional<Integer> parsePrefix(String text) {
    if (text.isEmpty() || text.length() > 2 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) return Optional.empty();
    int prefix = Integer.parseInt(text);
    return prefix <= 32 ? Optional.of(prefix) : Optional.empty();
  }

  public static String format(long ip) {
    return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
  }

  private static long mask(int prefix) { return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL; }

  /** Number of addresses, network and broadcast included. */
  public long size() { return 1L << (32 - prefix); }

  /** The address {@code offset} places after the network address (0 is the network itself). */
  public long address(long offset) {
    if (offset < 0 || offset >= size()) throw new IllegalArgumentException(offset + " is outside " + this);
    return network + offset;
  }

  public boolean contains(long ip) { return (ip & mask(prefix)) == network; }

  public boolean contains(String ip) {
    OptionalLong parsed = parseAddress(ip);
    return parsed.isPresent() && contains(parsed.getAsLong());
  }

  /** Whether every address of {@code other} is in this network. */
  public boolean contains(Cidr other) { return other.prefix >= prefix && contains(other.network); }

  /** Whether the two networks share an address (for networks: one holds the other). */
  public boolean overlaps(Cidr other) { return contains(other) || other.contains(this); }

  @Override
  public int compareTo(Cidr o) {
    int byNetwork = Long.compare(network, o.network);
    return byNetwork != 0 ? byNetwork : Integer.compare(prefix, o.prefix);
  }

  @Override
  public String toString() { return format(network) + "/" + prefix; }
}
