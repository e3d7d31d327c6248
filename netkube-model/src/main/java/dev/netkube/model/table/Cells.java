package dev.netkube.model.table;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.Json;
import dev.netkube.model.select.LabelSelector;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Cell formatting shared by the printers, matching upstream's helpers in printers.go. */
final class Cells {
  private Cells() {}

  static final String NONE = "<none>";
  static final String UNKNOWN = "<unknown>";

  static String name(JsonNode o) { return Json.str(o, "metadata.name"); }

  static Optional<Instant> time(JsonNode o, String path) {
    String s = Json.str(o, path);
    if (s.isEmpty()) return Optional.empty();
    try {
      return Optional.of(Instant.parse(s));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** translateTimestampSince: HumanDuration since the timestamp, "<unknown>" when absent. */
  static String since(JsonNode o, String path, Instant now) {
    return time(o, path).map(t -> HumanDuration.format(Duration.between(t, now))).orElse(UNKNOWN);
  }

  static String age(JsonNode o, Instant now) { return since(o, "metadata.creationTimestamp", now); }

  static long integer(JsonNode o, String path) {
    JsonNode n = Json.at(o, path);
    return n != null && n.isNumber() ? n.asLong() : 0L;
  }

  static boolean bool(JsonNode o, String path) {
    JsonNode n = Json.at(o, path);
    return n != null && n.isBoolean() && n.asBoolean();
  }

  static boolean present(JsonNode o, String path) {
    JsonNode n = Json.at(o, path);
    return n != null && !n.isNull();
  }

  static List<JsonNode> list(JsonNode o, String path) {
    JsonNode n = Json.at(o, path);
    List<JsonNode> out = new ArrayList<>();
    if (n != null && n.isArray()) n.forEach(out::add);
    return out;
  }

  static int size(JsonNode o, String path) {
    JsonNode n = Json.at(o, path);
    return n != null && (n.isArray() || n.isObject()) ? n.size() : 0;
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v != null && v.isValueNode() && !v.isNull() ? v.asText() : "";
  }

  static Map<String, String> stringMap(JsonNode o, String path) {
    Map<String, String> out = new TreeMap<>();
    JsonNode n = Json.at(o, path);
    if (n != null && n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  /** labels.FormatLabels: sorted "k=v,k2=v2", "<none>" when empty. */
  static String formatLabels(Map<String, String> labels) {
    if (labels.isEmpty()) return NONE;
    StringBuilder b = new StringBuilder();
    new TreeMap<>(labels).forEach((k, v) -> b.append(b.length() > 0 ? "," : "").append(k).append('=').append(v));
    return b.toString();
  }

  /** metav1.FormatLabelSelector: canonical selector text, "<none>" for empty or absent, "<error>" if invalid. */
  static String formatLabelSelector(JsonNode selector) {
    try {
      String s = LabelSelector.fromJson(selector).toString();
      return s.isEmpty() ? NONE : s;
    } catch (IllegalArgumentException e) {
      return "<error>";
    }
  }

  /** layoutContainerCells: names and images joined by ",". */
  static String[] containers(JsonNode podSpec) {
    List<String> names = new ArrayList<>();
    List<String> images = new ArrayList<>();
    JsonNode cs = podSpec == null ? null : podSpec.get("containers");
    if (cs != null && cs.isArray()) {
      for (JsonNode c : cs) {
        names.add(text(c, "name"));
        images.add(text(c, "image"));
      }
    }
    return new String[] {String.join(",", names), String.join(",", images)};
  }

  /** IntOrString.String(): an int prints bare, a string as is. */
  static String intOrString(JsonNode n) { return n.isNumber() ? String.valueOf(n.asLong()) : n.asText(); }

  /** listWithMoreString: the first `max` entries joined by ",", then " + N more...". */
  static String withMore(List<String> all, int max, String empty) {
    if (all.isEmpty()) return empty;
    String shown = String.join(",", all.subList(0, Math.min(max, all.size())));
    return all.size() > max ? shown + " + " + (all.size() - max) + " more..." : shown;
  }

}
