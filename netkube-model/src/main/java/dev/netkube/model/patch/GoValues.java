package dev.netkube.model.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Renders JSON values the way Go's {@code fmt} "%v" prints decoded {@code interface{}} values, because
 * upstream error messages embed patch fragments that way ("map[$patch:foo name:x]").
 */
final class GoValues {
  private GoValues() {}

  static String format(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) return "<nil>";
    if (v.isObject()) {
      List<String> keys = new ArrayList<>();
      v.fieldNames().forEachRemaining(keys::add);
      Collections.sort(keys); // Go prints map keys sorted
      StringBuilder b = new StringBuilder("map[");
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) b.append(' ');
        b.append(keys.get(i)).append(':').append(format(v.get(keys.get(i))));
      }
      return b.append(']').toString();
    }
    if (v.isArray()) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < v.size(); i++) b.append(i > 0 ? " " : "").append(format(v.get(i)));
      return b.append(']').toString();
    }
    if (v.isNumber()) return formatFloat(v.decimalValue());
    return v.asText();
  }

  /** strconv.FormatFloat(f, 'g', -1, 64): JSON numbers decode to float64 in Go. */
  static String formatFloat(BigDecimal d) {
    if (d.signum() == 0) return "0";
    BigDecimal n = new BigDecimal(Double.toString(d.doubleValue())).stripTrailingZeros();
    String sign = n.signum() < 0 ? "-" : "";
    n = n.abs();
    String digits = n.unscaledValue().toString();
    int nd = digits.length();
    int dp = nd - n.scale(); // position of the decimal point relative to the digits
    int exp = dp - 1;
    int eprec = 6;
    if (eprec > nd && nd >= dp) eprec = nd;
    if (exp < -4 || exp >= eprec) {
      String mant = digits.substring(0, 1) + (nd > 1 ? "." + digits.substring(1) : "");
      String e = String.format("%02d", Math.abs(exp));
      return sign + mant + "e" + (exp < 0 ? "-" : "+") + e;
    }
    return sign + n.toPlainString();
  }
}
