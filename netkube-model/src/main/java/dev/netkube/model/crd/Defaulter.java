package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Upstream's structural defaulting: a property with a {@code default} that is absent (or null
 * while not nullable) gets a copy of the default, recursively, then nulls of non-nullable
 * properties without a default are dropped (upstream's PruneNonNullableNullsWithoutDefaults).
 */
final class Defaulter {
  private Defaulter() {}

  static void apply(ObjectNode object, JsonNode rootSchema) {
    fill(object, rootSchema, true);
    dropNulls(object, rootSchema, true);
  }

  private static boolean nonNullableNull(JsonNode v, JsonNode s) {
    return v != null && v.isNull() && !s.path("nullable").asBoolean(false);
  }

  private static void fill(JsonNode v, JsonNode s, boolean resourceRoot) {
    if (s == null || !s.isObject() || v == null) return;
    if (v.isObject()) {
      ObjectNode o = (ObjectNode) v;
      JsonNode props = s.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        if (resourceRoot && p.getKey().equals("metadata")) continue;
        JsonNode def = p.getValue().get("default");
        if (def != null && (!o.has(p.getKey()) || nonNullableNull(o.get(p.getKey()), p.getValue()))) {
          o.set(p.getKey(), def.deepCopy());
        }
      }
      JsonNode additional = s.get("additionalProperties");
      List<String> keys = new ArrayList<>();
      o.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        if (resourceRoot && k.equals("metadata")) continue;
        JsonNode ps = props.get(k);
        if (ps != null) fill(o.get(k), ps, false);
        else if (additional != null && additional.isObject()) fill(o.get(k), additional, false);
      }
    } else if (v.isArray()) {
      JsonNode items = s.get("items");
      if (items == null) return;
      for (int i = 0; i < v.size(); i++) {
        JsonNode def = items.get("default");
        if (def != null && nonNullableNull(v.get(i), items)) ((ArrayNode) v).set(i, def.deepCopy());
        fill(v.get(i), items, false);
      }
    }
  }

  private static void dropNulls(JsonNode v, JsonNode s, boolean resourceRoot) {
    if (s == null || !s.isObject() || v == null) return;
    if (v.isObject()) {
      JsonNode props = s.path("properties");
      JsonNode additional = s.get("additionalProperties");
      for (Iterator<Map.Entry<String, JsonNode>> it = ((ObjectNode) v).fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (resourceRoot && f.getKey().equals("metadata")) continue;
        JsonNode ps = props.get(f.getKey());
        if (ps == null && additional != null && additional.isObject()) ps = additional;
        if (ps == null) continue;
        if (nonNullableNull(f.getValue(), ps) && !ps.has("default")) it.remove();
        else dropNulls(f.getValue(), ps, false);
      }
    } else if (v.isArray()) {
      for (JsonNode e : v) dropNulls(e, s.get("items"), false);
    }
  }
}
