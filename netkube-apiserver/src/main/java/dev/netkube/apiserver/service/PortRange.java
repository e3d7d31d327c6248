package dev.netkube.apiserver.service;

/** An inclusive port range such as {@code 30000-32767}, printed as upstream's net.PortRange. */
public record PortRange(int base, int size) {
  public PortRange {
    if (base < 1 || size < 1 || base + size - 1 > 65535) {
      throw new IllegalArgumentException("invalid port range " + base + "+" + size);
    }
  }

  /** {@code 30000-32767} or a single port {@code 30000}. */
  public static PortRange parse(String text) {
    String[] parts = text.trim().split("-", -1);
    try {
      int first = Integer.parseInt(parts[0]);
      int last = parts.length == 1 ? first : Integer.parseInt(parts[1]);
      if (parts.length > 2 || last < first) throw new IllegalArgumentException("invalid port range: " + text);
      return new PortRange(first, last - first + 1);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port range: " + text);
    }
  }

  public int last() { return base + size - 1; }

  public boolean contains(int port) { return port >= base && port <= last(); }

  @Override
  public String toString() { return base + "-" + last(); }
}
