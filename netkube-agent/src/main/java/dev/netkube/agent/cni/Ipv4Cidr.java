package dev.netkube.agent.cni;

/** An IPv4 CIDR as unsigned ints, parsed without DNS lookups (InetAddress would resolve names). */
public record Ipv4Cidr(long network, int prefix) {
  public Ipv4Cidr {
    if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("invalid CIDR prefix: " + prefix);
  }

  public static Ipv4Cidr parse(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) throw new IllegalArgumentException("invalid CIDR address: " + cidr);
    int prefix;
    try {
      prefix = Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid CIDR address: " + cidr);
    }
    if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("invalid CIDR address: " + cidr);
    long address = parseAddress(cidr.substring(0, slash));
    if (address < 0) throw new IllegalArgumentException("invalid CIDR address: " + cidr);
    return new Ipv4Cidr(address & mask(prefix), prefix);
  }

  /** The address as an unsigned int, or -1 when it is not a dotted IPv4 address. */
  public static long parseAddress(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) return -1;
    long value = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) return -1;
      int octet = Integer.parseInt(p);
      if (octet > 255) return -1;
      value = (value << 8) | octet;
    }
    return value;
  }

  public static String format(long value) {
    return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
  }

  private static long mask(int prefix) {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  public long size() { return 1L << (32 - prefix); }

  public boolean contains(String address) {
    long a = parseAddress(address);
    return a >= 0 && (a & mask(prefix)) == network;
  }

  /** The n-th address of the range (0 is the network address). */
  public String address(long n) { return format(network + n); }

  @Override
  public String toString() { return format(network) + "/" + prefix; }
}
