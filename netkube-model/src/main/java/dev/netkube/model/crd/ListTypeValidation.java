package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Uniqueness of x-kubernetes-list-type=set items and of x-kubernetes-list-type=map keys, as
 * upstream's listtype validation: one "Duplicate value" per value seen a second time.
 */
final class ListTypeValidation {
  private ListTypeValidation() {}

  static List<FieldError> validate(JsonNode object, JsonNode rootSchema) {
    List<FieldError> errs = new ArrayList<>();
    walkObject("", rootSchema, object, errs);
    return errs;
  }

  private static void walkObject(String path, JsonNode s, JsonNode obj, List<FieldError> errs) {
    JsonNode additional = s.get("additionalProperties");
    JsonNode props = s.path("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (additional != null && additional.isObject()) walk(path + "[" + f.getKey() + "]", additional, f.getValue(), errs);
      JsonNode ps = props.get(f.getKey());
      if (ps != null) walk(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), ps, f.getValue(), errs);
    }
  }

  private static void walk(String path, JsonNode s, JsonNode v, List<FieldError> errs) {
    if (v.isObject()) walkObject(path, s, v, errs);
    else if (v.isArray()) walkArray(path, s, v, errs);
  }

  private static void walkArray(String path, JsonNode s, JsonNode list, List<FieldError> errs) {
    String type = s.path("x-kubernetes-list-type").asText("");
    if (type.equals("set")) {
      for (int i : duplicates(list)) errs.add(duplicate(path + "[" + i + "]", list.get(i)));
    } else if (type.equals("map")) {
      map(path, s, list, errs);
    }
    JsonNode items = s.get("items");
    if (items != null && items.isObject()) {
      for (int i = 0; i < list.size(); i++) walk(path + "[" + i + "]", items, list.get(i), errs);
    }
  }

  private static void map(String path, JsonNode s, JsonNode list, List<FieldError> errs) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode x = list.get(i);
      if (!x.isNull() && !x.isObject()) {
        errs.add(new FieldError(FieldError.Type.INVALID, path + "[" + i + "]", GoText.errorValue(x),
            "must be an object for an array of list-type map"));
        return;
      }
    }
    List<String> keyFields = CrdSpec.strings(s.path("x-kubernetes-list-map-keys"));
    List<JsonNode> keys = new ArrayList<>();
    for (JsonNode x : list) {
      ObjectNode key = JsonNodeFactory.instance.objectNode();
      for (String k : keyFields) if (x.has(k)) key.set(k, x.get(k));
      keys.add(key);
    }
    com.fasterxml.jackson.databind.node.ArrayNode keyList = JsonNodeFactory.instance.arrayNode().addAll(keys);
    for (int i : duplicates(keyList)) errs.add(duplicate(path + "[" + i + "]", keys.get(i)));
  }

  /** Indexes of second occurrences. */
  private static List<Integer> duplicates(JsonNode list) {
    Map<JsonNode, Integer> seen = new HashMap<>();
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      int times = seen.merge(list.get(i), 1, Integer::sum);
      if (times == 2) out.add(i);
    }
    return out;
  }

  private static FieldError duplicate(String field, JsonNode value) {
    return new FieldError(FieldError.Type.DUPLICATE, field, GoText.errorValue(value), null);
  }
}
