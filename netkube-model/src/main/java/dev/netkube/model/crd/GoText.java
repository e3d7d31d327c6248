package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How Go's fmt prints decoded JSON (unstructured) values. Upstream messages embed values with
 * %v, %q and %#v, so matching them needs Go's formatting, not Java's.
 */
final class GoText {
  private GoText() {}

  /** The JSON type name kube-openapi infers for a decoded value. */
  static String jsonType(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) return "null";
    if (v.isBoolean()) return "boolean";
    if (v.isTextual()) return "string";
    if (v.isIntegralNumber()) return "integer";
    if (v.isNumber()) return "number";
    if (v.isArray()) return "array";
    return "object";
  }

  /** Go's %T of the decoded value (unstructured: int64, float64, string, bool, map, slice). */
  static String goType(JsonNode v) {
    return switch (jsonType(v)) {
      case "boolean" -> "bool";
      case "string" -> "string";
      case "integer" -> "int64";
      case "number" -> "float64";
      case "array" -> "[]interface {}";
      case "object" -> "map[string]interface {}";
      default -> "<nil>";
    };
  }

  /** %v: strings bare, maps as map[k:v], slices as [a b]. */
  static String v(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) return "<nil>";
    if (n.isTextual()) return n.asText();
    if (n.isBoolean()) return String.valueOf(n.asBoolean());
    if (n.isIntegralNumber()) return n.bigIntegerValue().toString();
    if (n.isNumber()) return goFloat(n.doubleValue());
    List<String> parts = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(e -> parts.add(v(e)));
      return "[" + String.join(" ", parts) + "]";
    }
    for (String k : sortedKeys(n)) parts.add(k + ":" + v(n.get(k)));
    return "map[" + String.join(" ", parts) + "]";
  }

  /** The bad value of a field.Error as ErrorBody prints it: %v for scalars, %q for strings, else %#v. */
  static String errorValue(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) return "null";
    if (n.isTextual()) return quote(n.asText());
    if (n.isValueNode()) return v(n);
    return sharpV(n);
  }

  /** %#v of a decoded value. */
  static String sharpV(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) return "interface {}(nil)";
    if (n.isTextual()) return quote(n.asText());
    if (n.isValueNode()) return v(n);
    List<String> parts = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(e -> parts.add(sharpV(e)));
      return "[]interface {}{" + String.join(", ", parts) + "}";
    }
    for (String k : sortedKeys(n)) parts.add(quote(k) + ":" + sharpV(n.get(k)));
    return "map[string]interface {}{" + String.join(", ", parts) + "}";
  }

  /** %#v of a []string. */
  static String stringSlice(List<String> values) {
    if (values.isEmpty()) return "[]string(nil)";
    List<String> q = new ArrayList<>();
    for (String s : values) q.add(quote(s));
    return "[]string{" + String.join(", ", q) + "}";
  }

  /** Go's %q of a string: double-quoted with Go escapes. */
  static String quote(String s) { return dev.netkube.model.GoQuote.quote(s); }

  /** %v of a float64: shortest representation, exponent form when the exponent is < -4 or >= 6 (%g shortest). */
  static String goFloat(double d) {
    if (Double.isNaN(d)) return "NaN";
    if (Double.isInfinite(d)) return d > 0 ? "+Inf" : "-Inf";
    if (d == 0) return (1 / d < 0) ? "-0" : "0";
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exp = bd.precision() - bd.scale() - 1;
    if (exp < -4 || exp >= 6) {
      String digits = bd.unscaledValue().abs().toString();
      String mant = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
      String sign = d < 0 ? "-" : "";
      return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    return bd.toPlainString();
  }

  /** %v of a bound that kube-openapi holds as float64, or as int64 when the checked value is an integer. */
  static String bound(double bound, boolean integerContext) {
    if (integerContext && bound == Math.rint(bound) && Math.abs(bound) < 9.2e18) return String.valueOf((long) bound);
    return goFloat(bound);
  }

  static List<String> sortedKeys(JsonNode n) {
    List<String> keys = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) keys.add(it.next().getKey());
    keys.sort(null);
    return keys;
  }
}
