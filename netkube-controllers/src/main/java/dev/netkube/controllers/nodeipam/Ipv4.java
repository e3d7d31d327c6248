package dev.netkube.controllers.nodeipam;

/** IPv4 addresses as unsigned ints, and CIDRs, without DNS lookups (InetAddress would resolve). */
public final class Ipv4 {
  private Ipv4() {}

  public static long parse(String address) {
    String[] parts = address.split("\\.");
    if (parts.length != 4) throw new IllegalArgumentException("not an IPv4 address: " + address);
    long value = 0;
    for (String p : parts) {
      int octet = Integer.parseInt(p);
      if (octet < 0 || octet > 255) throw new IllegalArgumentException("not an IPv4 address: " + address);
      value = (value << 8) | octet;
    }
    return value;
  }

  public static String format(long value) {
    return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
  }

  /** A CIDR's network address and prefix length. */
  public record Cidr(long network, int prefix) {
    public static Cidr parse(String cidr) {
      int slash = cidr.indexOf('/');
      if (slash < 0) throw new IllegalArgumentException("not a CIDR: " + cidr);
      int prefix = Integer.parseInt(cidr.substring(slash + 1));
      if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("not a CIDR: " + cidr);
      long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
      return new Cidr(Ipv4.parse(cidr.substring(0, slash)) & mask, prefix);
    }

    public long size() { return 1L << (32 - prefix); }

    public boolean contains(long address) { return address >= network && address < network + size(); }

    @Override
    public String toString() { return format(network) + "/" + prefix; }
  }
}
