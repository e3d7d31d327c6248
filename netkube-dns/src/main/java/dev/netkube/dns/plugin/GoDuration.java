package dev.netkube.dns.plugin;

import java.time.Duration;

/** Go's time.ParseDuration ({@code 5s}, {@code 1m30s}, {@code 500ms}), with Go's error words. */
public final class GoDuration {
  private GoDuration() {}

  public static Duration parse(String s) {
    String rest = s;
    boolean negative = false;
    if (rest.startsWith("-") || rest.startsWith("+")) {
      negative = rest.startsWith("-");
      rest = rest.substring(1);
    }
    if (rest.equals("0")) return Duration.ZERO;
    if (rest.isEmpty()) throw invalid(s);
    double nanos = 0;
    int i = 0;
    while (i < rest.length()) {
      int start = i;
      while (i < rest.length() && (Character.isDigit(rest.charAt(i)) || rest.charAt(i) == '.')) i++;
      if (start == i) throw invalid(s);
      double value;
      try {
        value = Double.parseDouble(rest.substring(start, i));
      } catch (NumberFormatException e) {
        throw invalid(s);
      }
      int unitStart = i;
      while (i < rest.length() && !Character.isDigit(rest.charAt(i)) && rest.charAt(i) != '.') i++;
      String unit = rest.substring(unitStart, i);
      double scale = switch (unit) {
        case "ns" -> 1;
        case "us", "µs", "μs" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        case "h" -> 3600e9;
        case "" -> throw new IllegalArgumentException("time: missing unit in duration \"" + s + "\"");
        default -> throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration \"" + s + "\"");
      };
      nanos += value * scale;
    }
    Duration d = Duration.ofNanos((long) nanos);
    return negative ? d.negated() : d;
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException("time: invalid duration \"" + s + "\"");
  }

  /** Go's Duration.String() for whole units: {@code 5s}, {@code 2m0s}, {@code 500ms}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) return ms + "ms";
    long s = d.getSeconds();
    if (s < 60) return (ms % 1000 == 0 ? Long.toString(s) : Double.toString(ms / 1000.0)) + "s";
    if (s < 3600) return (s / 60) + "m" + (s % 60) + "s";
    return (s / 3600) + "h" + (s % 3600 / 60) + "m" + (s % 60) + "s";
  }
}
