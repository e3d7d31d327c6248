package dev.netkube.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-safe reads of a Jackson tree, treating absent and JSON null alike (as Go's zero values). */
public final class Nodes {
  private Nodes() {}

  /** The text at field, "" when absent, null or not a scalar. */
  public static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isValueNode() && !v.isNull() ? v.asText() : "";
  }

  public static boolean has(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && !v.isNull();
  }

  /** The object at field, or null when absent or not an object (internal helper; callers check). */
  public static ObjectNode object(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v instanceof ObjectNode o ? o : null;
  }

  /** Elements of the array at field; empty when absent. */
  public static List<JsonNode> list(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    List<JsonNode> out = new ArrayList<>();
    if (v != null && v.isArray()) v.forEach(out::add);
    return out;
  }

  /** Strings of the array at field; empty when absent. */
  public static List<String> strings(JsonNode node, String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : list(node, field)) out.add(n.isNull() ? "" : n.asText());
    return out;
  }

  /** A string map (labels, annotations, data) in document order; empty when absent. */
  public static Map<String, String> stringMap(JsonNode node, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode v = node == null ? null : node.get(field);
    if (v != null && v.isObject()) v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
    return out;
  }

  /** The integer at field, or the fallback when absent or not integral. */
  public static long integer(JsonNode node, String field, long fallback) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isIntegralNumber() ? v.asLong() : fallback;
  }

  public static ObjectNode objectOrCreate(ObjectNode node, String field) {
    JsonNode v = node.get(field);
    return v instanceof ObjectNode o ? o : node.putObject(field);
  }
}
