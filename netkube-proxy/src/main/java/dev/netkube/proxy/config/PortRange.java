package dev.netkube.proxy.config;

import java.util.Optional;

/**
 * kube-proxy's {@code portRange} (upstream utilnet.PortRange): blank (any free port), {@code N}, {@code MIN-MAX}
 * or {@code BASE+OFFSET}, both ends inclusive. The userspace proxy takes its listeners' ports from it.
 *
 * @param base the first port; 0 for a blank range
 * @param size how many ports; 0 for a blank range
 */
public record PortRange(int base, int size) {
  public static final PortRange ANY = new PortRange(0, 0);

  public boolean isAny() { return size == 0; }

  public int last() { return base + size - 1; }

  /** The range {@code text} spells, or empty when it is none (upstream's ParsePortRange error). */
  public static Optional<PortRange> parse(String text) {
    String s = text.strip();
    if (s.isEmpty()) return Optional.of(ANY);
    try {
      int plus = s.indexOf('+');
      int dash = s.indexOf('-');
      int low;
      int high;
      if (plus > 0) {
        low = Integer.parseInt(s.substring(0, plus));
        high = low + Integer.parseInt(s.substring(plus + 1));
      } else if (dash > 0) {
        low = Integer.parseInt(s.substring(0, dash));
        high = Integer.parseInt(s.substring(dash + 1));
      } else {
        low = Integer.parseInt(s);
        high = low;
      }
      if (low < 0 || high > 65535 || high < low) return Optional.empty();
      return Optional.of(new PortRange(low, high - low + 1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() { return isAny() ? "" : base + "-" + last(); }
}
