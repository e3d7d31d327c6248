package dev.netkube.proxy.metrics;

import java.math.BigDecimal;

/** Number formatting of the Prometheus text format (Go's strconv 'g'-like shortest form). */
final class Prometheus {
  private Prometheus() {}

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
