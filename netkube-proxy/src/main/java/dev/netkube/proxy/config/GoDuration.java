package dev.netkube.proxy.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Go's {@code time.ParseDuration} syntax, as component configs write durations ({@code metav1.Duration}): an
 * optional sign, then one or more decimal numbers each with a unit ({@code ns us µs ms s m h}), e.g.
 * {@code 1s}, {@code 2h45m}, {@code 1.5s}; a bare {@code 0} is zero. Pure.
 */
public final class GoDuration {
  private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
      "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  private GoDuration() {}

  /** The duration, or empty when {@code text} is not one (Go's message would be "time: invalid duration"). */
  public static Optional<Duration> parse(String text) {
    if (text == null || text.isEmpty()) return Optional.empty();
    String s = text;
    boolean negative = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) return Optional.of(Duration.ZERO);
    if (s.isEmpty()) return Optional.empty();
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
      String number = s.substring(start, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) return Optional.empty();
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') i++;
      Long unit = NANOS.get(s.substring(unitStart, i));
      if (unit == null) return Optional.empty();
      total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
    }
    long nanos = total.longValue();
    return Optional.of(Duration.ofNanos(negative ? -nanos : nanos));
  }

  /** As Go's {@code Duration.String} prints it: {@code 1s}, {@code 1m30s}, {@code 250ms}, {@code 0s}. */
  public static String format(Duration d) {
    if (d.isZero()) return "0s";
    StringBuilder out = new StringBuilder();
    if (d.isNegative()) {
      out.append('-');
      d = d.negated();
    }
    long nanos = d.toNanos();
    if (nanos < 1_000_000_000L) {
      if (nanos % 1_000_000L == 0) return out.append(nanos / 1_000_000L).append("ms").toString();
      if (nanos % 1_000L == 0) return out.append(nanos / 1_000L).append("µs").toString();
      return out.append(nanos).append("ns").toString();
    }
    long hours = nanos / 3_600_000_000_000L;
    long minutes = nanos / 60_000_000_000L % 60;
    BigDecimal seconds = BigDecimal.valueOf(nanos % 60_000_000_000L, 9).stripTrailingZeros();
    if (hours > 0) out.append(hours).append('h');
    if (hours > 0 || minutes > 0) out.append(minutes).append('m');
    return out.append(seconds.toPlainString()).append('s').toString();
  }
}
