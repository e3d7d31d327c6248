package dev.netkube.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's "%#v" text for the composite values upstream puts in field errors (maps, slices, label
 * selectors), so messages read as kube-apiserver's. Go prints map keys sorted.
 */
public final class GoValues {
  private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z 'UTC'");

  private GoValues() {}

  public static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }

  public static String stringMap(Map<String, String> m, boolean nil) {
    if (nil) return "map[string]string(nil)";
    StringBuilder b = new StringBuilder("map[string]string{");
    int i = 0;
    for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
      if (i++ > 0) b.append(", ");
      b.append(quote(e.getKey())).append(':').append(quote(e.getValue()));
    }
    return b.append('}').toString();
  }

  public static String stringMap(JsonNode parent, String field) {
    return stringMap(Nodes.stringMap(parent, field), !Nodes.has(parent, field));
  }

  public static String stringSlice(List<String> values, boolean nil) {
    if (nil) return "[]string(nil)";
    StringBuilder b = new StringBuilder("[]string{");
    for (int i = 0; i < values.size(); i++) b.append(i > 0 ? ", " : "").append(quote(values.get(i)));
    return b.append('}').toString();
  }

  public static String stringSlice(JsonNode parent, String field) {
    return stringSlice(Nodes.strings(parent, field), !Nodes.has(parent, field));
  }

  /** A metav1.LabelSelector as "%#v" prints it (after pointer dereference). */
  public static String labelSelector(JsonNode sel) {
    StringBuilder b = new StringBuilder("v1.LabelSelector{MatchLabels:").append(stringMap(sel, "matchLabels"))
        .append(", MatchExpressions:");
    if (!Nodes.has(sel, "matchExpressions")) {
      b.append("[]v1.LabelSelectorRequirement(nil)");
    } else {
      b.append("[]v1.LabelSelectorRequirement{");
      List<JsonNode> exprs = Nodes.list(sel, "matchExpressions");
      for (int i = 0; i < exprs.size(); i++) {
        JsonNode e = exprs.get(i);
        b.append(i > 0 ? ", " : "").append("v1.LabelSelectorRequirement{Key:").append(quote(Nodes.text(e, "key")))
            .append(", Operator:").append(quote(Nodes.text(e, "operator"))).append(", Values:")
            .append(stringSlice(e, "values")).append('}');
      }
      b.append('}');
    }
    return b.append('}').toString();
  }

  /** metav1.Time's String(): Go's time.Time default layout, e.g. "2024-05-01 10:00:00 +0000 UTC". */
  public static String time(String rfc3339) {
    if (rfc3339.isEmpty()) return "0001-01-01 00:00:00 +0000 UTC";
    try {
      return OffsetDateTime.parse(rfc3339).withOffsetSameInstant(ZoneOffset.UTC).format(GO_TIME);
    } catch (RuntimeException e) {
      return rfc3339;
    }
  }
}
