package dev.netkube.apiserver.protobuf;

/** Go's time.Duration.String(): "1h2m3.5s", "1.5ms", "0s" (metav1.Duration's JSON form). */
final class GoDuration {
  private GoDuration() {}

  static String format(long nanos) {
    if (nanos == 0) return "0s";
    String sign = nanos < 0 ? "-" : "";
    // Long.MIN_VALUE has no positive counterpart; Go prints it the same way via unsigned math.
    java.math.BigInteger n = java.math.BigInteger.valueOf(nanos).abs();
    long abs = n.longValue() < 0 ? Long.MAX_VALUE : n.longValue();
    if (abs < 1_000) return sign + abs + "ns";
    if (abs < 1_000_000) return sign + fraction(abs, 1_000) + "µs";
    if (abs < 1_000_000_000) return sign + fraction(abs, 1_000_000) + "ms";
    long hours = abs / 3_600_000_000_000L;
    long rest = abs % 3_600_000_000_000L;
    long minutes = rest / 60_000_000_000L;
    long secondsNanos = rest % 60_000_000_000L;
    StringBuilder out = new StringBuilder(sign);
    if (hours > 0) out.append(hours).append('h');
    if (hours > 0 || minutes > 0) out.append(minutes).append('m');
    out.append(fraction(secondsNanos, 1_000_000_000)).append('s');
    return out.toString();
  }

  /** value/unit with the fraction's trailing zeros (and a bare point) removed. */
  private static String fraction(long value, long unit) {
    long whole = value / unit;
    long frac = value % unit;
    if (frac == 0) return Long.toString(whole);
    int digits = Long.toString(unit).length() - 1;
    String f = String.format("%0" + digits + "d", frac).replaceAll("0+$", "");
    return whole + "." + f;
  }
}
