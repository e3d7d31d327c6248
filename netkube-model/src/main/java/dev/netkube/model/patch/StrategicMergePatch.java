package dev.netkube.model.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.schema.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}) applied the way
 * kube-apiserver applies it (apimachinery strategicpatch with MergeParallelList and
 * IgnoreUnmatchedNulls): lists whose schema says {@code x-kubernetes-patch-strategy: merge} merge by
 * {@code x-kubernetes-patch-merge-key} (or as a union for primitives), everything else is replaced;
 * directives {@code $patch}, {@code $retainKeys}, {@code $setElementOrder/f},
 * {@code $deleteFromPrimitiveList/f} are honoured; null deletes a field. Malformed directives fail with
 * upstream's errors: 400 for the mergepatch format errors, 422 for lists of lists, and a reason-less
 * 500 for the rest, as the handler passes those through unconverted.
 */
public final class StrategicMergePatch {
  static final String DIRECTIVE = "$patch";
  static final String RETAIN_KEYS = "$retainKeys";
  static final String DELETE_PRIMITIVE_PREFIX = "$deleteFromPrimitiveList";
  static final String SET_ORDER_PREFIX = "$setElementOrder";

  private StrategicMergePatch() {}

  /** Returns the patched object; neither argument is modified. */
  public static JsonNode apply(JsonNode original, JsonNode patch, Schema schema) {
    if (patch == null || !patch.isObject()) {
      String got = patch == null || patch.isNull() ? null : patch.isArray() ? "array" : patch.isTextual() ? "string"
          : patch.isNumber() ? "number" : "bool";
      if (got == null) return original.deepCopy();
      throw ApiException.badRequest("json: cannot unmarshal " + got + " into Go value of type map[string]interface {}");
    }
    if (original == null || !original.isObject()) throw ApiException.badRequest(PatchErrors.BAD_JSON_DOC);
    return mergeMap(((ObjectNode) original).deepCopy(), ((ObjectNode) patch).deepCopy(), schema);
  }

  // ---- maps ----

  private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, Schema schema) {
    JsonNode directive = patch.get(DIRECTIVE);
    if (directive != null) {
      if ("replace".equals(directive.asText(null)) && directive.isTextual()) {
        patch.remove(DIRECTIVE);
        return patch;
      }
      if ("delete".equals(directive.asText(null)) && directive.isTextual()) return Json.object();
      throw PatchErrors.badPatchType(directive, patch);
    }
    applyRetainKeys(original, patch);
    mergeOrderedLists(original, patch, schema);

    for (Map.Entry<String, JsonNode> e : new ArrayList<>(patch.properties())) {
      String key = e.getKey();
      JsonNode patchValue = e.getValue();
      boolean deleteList = false;
      if (key.startsWith(DELETE_PRIMITIVE_PREFIX)) {
        key = extractKey(key, DELETE_PRIMITIVE_PREFIX);
        deleteList = true;
      }
      if (patchValue.isNull()) {
        original.remove(key);
        continue;
      }
      Schema field = fieldSchema(schema, key);
      JsonNode originalValue = original.get(key);
      if (originalValue == null) {
        if (!deleteList) original.set(key, fresh(patchValue, field));
        continue;
      }
      Strategy strategy = Strategy.of(field);
      if (originalValue.isObject() && patchValue.isObject()) {
        original.set(key, strategy.replace()
            ? patchValue : mergeMap((ObjectNode) originalValue, (ObjectNode) patchValue, field));
      } else if (originalValue.isArray() && patchValue.isArray()) {
        original.set(key, mergeSliceHandler((ArrayNode) originalValue, (ArrayNode) patchValue, field, strategy, deleteList));
      } else {
        original.set(key, patchValue);
      }
    }
    return original;
  }

  /** A value for a key the original lacks, with directives resolved and nulls dropped. */
  private static JsonNode fresh(JsonNode patchValue, Schema field) {
    if (patchValue.isObject()) return mergeMap(Json.object(), (ObjectNode) patchValue, field);
    if (patchValue.isArray() && Strategy.of(field).merge()) {
      try {
        return mergeSlice(Json.array(), (ArrayNode) patchValue, field.items(), field.patchMergeKey().orElse(""), false);
      } catch (ApiException e) {
        // Upstream takes a new list verbatim without looking inside; only tidy lists it could read.
        return patchValue;
      }
    }
    return patchValue;
  }

  private static Schema fieldSchema(Schema schema, String key) {
    Optional<Schema> p = schema.property(key);
    if (p.isPresent()) return p.get();
    return schema.additionalProperties().orElse(Schema.ANY);
  }

  /** A list field's x-kubernetes-patch-strategy with retainKeys split off. */
  private record Strategy(String base) {
    static Strategy of(Schema field) {
      String s = field.patchStrategy().orElse("");
      Set<String> parts = new HashSet<>(List.of(s.split(",")));
      parts.remove("retainKeys");
      parts.remove("");
      return new Strategy(parts.contains("merge") ? "merge" : parts.contains("replace") ? "replace" : "");
    }

    boolean merge() { return base.equals("merge"); }

    boolean replace() { return base.equals("replace"); }
  }

  private static String extractKey(String key, String prefix) {
    int slash = key.indexOf('/');
    if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
      throw ApiException.badRequest(prefix.equals(DELETE_PRIMITIVE_PREFIX)
          ? PatchErrors.BAD_PRIMITIVE_LIST : PatchErrors.BAD_SET_ELEMENT_ORDER);
    }
    return key.substring(slash + 1);
  }

  private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
    JsonNode retain = patch.remove(RETAIN_KEYS);
    if (retain == null) return;
    if (!retain.isArray()) throw ApiException.badRequest(PatchErrors.BAD_RETAIN_KEYS);
    Set<String> keep = new HashSet<>();
    for (JsonNode k : retain) keep.add(k.isTextual() ? k.asText() : Json.text(k));
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      String k = e.getKey();
      if (e.getValue().isNull() || k.startsWith(DELETE_PRIMITIVE_PREFIX) || k.startsWith(SET_ORDER_PREFIX)) continue;
      if (!keep.contains(k)) throw ApiException.badRequest(PatchErrors.BAD_RETAIN_KEYS);
    }
    List<String> drop = new ArrayList<>();
    original.fieldNames().forEachRemaining(k -> { if (!keep.contains(k)) drop.add(k); });
    original.remove(drop);
  }

  /** $setElementOrder/f: merge list f now and order it as the directive says. */
  private static void mergeOrderedLists(ObjectNode original, ObjectNode patch, Schema schema) {
    for (Map.Entry<String, JsonNode> e : new ArrayList<>(patch.properties())) {
      if (!e.getKey().startsWith(SET_ORDER_PREFIX)) continue;
      patch.remove(e.getKey());
      JsonNode orderNode = e.getValue();
      if (!orderNode.isArray()) {
        throw PatchErrors.plain("expected a []interface {}, but received a " + goType(orderNode));
      }
      ArrayNode order = (ArrayNode) orderNode;
      String key = extractKey(e.getKey(), SET_ORDER_PREFIX);
      JsonNode originalList = original.get(key);
      JsonNode patchList = patch.get(key);
      if (originalList != null && !originalList.isArray()) {
        throw PatchErrors.plain("expected a []interface {}, but received a " + goType(originalList));
      }
      if (patchList != null && !patchList.isArray()) {
        throw PatchErrors.plain("expected a []interface {}, but received a " + goType(patchList));
      }
      Schema field = fieldSchema(schema, key);
      String mergeKey = field.patchMergeKey().orElse("");
      validateOrder(patchList == null ? Json.array() : (ArrayNode) patchList, order, mergeKey);
      ArrayNode merged;
      if (originalList != null && patchList != null) {
        merged = mergeSliceHandler((ArrayNode) originalList, (ArrayNode) patchList, field, Strategy.of(field), false);
      } else if (patchList != null) {
        merged = (ArrayNode) patchList;
      } else if (originalList != null) {
        merged = (ArrayNode) originalList;
      } else {
        continue;
      }
      boolean maps = !mergeKey.isEmpty();
      List<JsonNode> inPatch = new ArrayList<>();
      List<JsonNode> serverOnly = new ArrayList<>();
      for (JsonNode item : merged) {
        if (maps) requireMergeKey(item, mergeKey);
        (indexOf(order, item, mergeKey, maps) >= 0 ? inPatch : serverOnly).add(item);
      }
      ArrayNode originalItems = originalList == null ? Json.array() : (ArrayNode) originalList;
      original.set(key, normalizeOrder(inPatch, serverOnly, order, originalItems, mergeKey, maps));
      patch.remove(key);
    }
  }

  private static void validateOrder(ArrayNode patchList, ArrayNode order, String mergeKey) {
    if (order.isEmpty() || patchList.isEmpty()) return;
    List<JsonNode> nonDelete = new ArrayList<>();
    for (JsonNode item : patchList) {
      if (!mergeKey.isEmpty() && item.isObject() && "delete".equals(item.path(DIRECTIVE).asText())) continue;
      nonDelete.add(item);
    }
    int p = 0;
    int o = 0;
    while (p < nonDelete.size() && o < order.size()) {
      JsonNode item = nonDelete.get(p);
      if (item.isObject() && item.has(DIRECTIVE)) {
        p++;
        continue;
      }
      boolean equal;
      if (mergeKey.isEmpty()) {
        equal = JsonEquality.equal(item, order.get(o));
      } else {
        if (!item.isObject()) throw PatchErrors.plain("expected a map[string]interface {}, but received a " + goType(item));
        if (!order.get(o).isObject()) throw PatchErrors.plain("expected a map[string]interface {}, but received a " + goType(order.get(o)));
        requireMergeKey(item, mergeKey);
        requireMergeKey(order.get(o), mergeKey);
        equal = JsonEquality.equal(item.get(mergeKey), order.get(o).get(mergeKey));
      }
      if (equal) p++;
      o++;
    }
    if (p < nonDelete.size() && o >= order.size()) {
      throw PatchErrors.plain("The order in patch list:\n" + GoValues.format(patchList) + "\n doesn't match "
          + SET_ORDER_PREFIX + " list:\n" + GoValues.format(order) + "\n");
    }
  }

  // ---- lists ----

  private static ArrayNode mergeSliceHandler(ArrayNode original, ArrayNode patch, Schema field, Strategy strategy, boolean deleteList) {
    if (!strategy.merge()) return patch;
    return mergeSlice(original, patch, field.items(), field.patchMergeKey().orElse(""), deleteList);
  }

  private static ArrayNode mergeSlice(ArrayNode original, ArrayNode patch, Schema itemSchema, String mergeKey, boolean deleteList) {
    if (original.isEmpty() && patch.isEmpty()) return original;
    boolean maps = elementsAreMaps(original, patch);
    List<JsonNode> merged;
    List<JsonNode> originalItems = list(original);
    List<JsonNode> patchItems = list(patch);
    if (!maps) {
      if (deleteList) {
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode v : originalItems) if (indexOf(patch, v, "", false) < 0) kept.add(v);
        return toArray(kept);
      }
      merged = new ArrayList<>();
      for (JsonNode v : originalItems) if (indexIn(merged, v, "", false) < 0) merged.add(v);
      for (JsonNode v : patchItems) if (indexIn(merged, v, "", false) < 0) merged.add(v);
    } else {
      if (mergeKey.isEmpty()) throw PatchErrors.plain("cannot merge lists without merge key for type struct");
      boolean replace = false;
      List<JsonNode> plainPatch = new ArrayList<>();
      for (JsonNode item : patchItems) {
        JsonNode directive = item.get(DIRECTIVE);
        if (directive == null) {
          plainPatch.add(item);
          continue;
        }
        switch (directive.isTextual() ? directive.asText() : "") {
          case "delete" -> {
            JsonNode keyValue = item.get(mergeKey);
            if (keyValue == null) throw PatchErrors.noMergeKey(item, mergeKey);
            originalItems.removeIf(o -> JsonEquality.equal(o.get(mergeKey), keyValue));
          }
          case "replace" -> replace = true;
          case "merge" -> throw PatchErrors.plain("merging lists cannot yet be specified in the patch");
          default -> throw PatchErrors.badPatchType(directive, item);
        }
      }
      if (replace) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode item : plainPatch) out.add(mergeMap(Json.object(), (ObjectNode) item, itemSchema));
        return toArray(out);
      }
      patchItems = plainPatch;
      merged = new ArrayList<>(originalItems);
      for (JsonNode item : patchItems) {
        JsonNode keyValue = item.get(mergeKey);
        if (keyValue == null) throw PatchErrors.noMergeKey(item, mergeKey);
        int at = -1;
        for (int i = 0; i < merged.size(); i++) {
          if (JsonEquality.equal(merged.get(i).get(mergeKey), keyValue)) {
            at = i;
            break;
          }
        }
        if (at >= 0) merged.set(at, mergeMap((ObjectNode) merged.get(at), (ObjectNode) item, itemSchema));
        else merged.add(mergeMap(Json.object(), (ObjectNode) item, itemSchema));
      }
    }
    ArrayNode patchOrder = toArray(patchItems);
    List<JsonNode> inPatch = new ArrayList<>();
    List<JsonNode> serverOnly = new ArrayList<>();
    for (JsonNode item : merged) {
      if (maps) requireMergeKey(item, mergeKey);
      (indexOf(patchOrder, item, mergeKey, maps) >= 0 ? inPatch : serverOnly).add(item);
    }
    return normalizeOrder(inPatch, serverOnly, patchOrder, toArray(originalItems), mergeKey, maps);
  }

  private static boolean elementsAreMaps(ArrayNode a, ArrayNode b) {
    String kind = null;
    for (ArrayNode list : List.of(a, b)) {
      for (JsonNode v : list) {
        String k = goType(v);
        if (kind == null) {
          if (v.isArray()) throw PatchErrors.unprocessable(PatchErrors.NO_LIST_OF_LISTS);
          kind = k;
        } else if (!kind.equals(k)) {
          throw PatchErrors.plain("list element types are not identical: [" + GoValues.format(a) + " " + GoValues.format(b) + "]");
        }
      }
    }
    if (kind == null) throw PatchErrors.plain("no elements in any of the given slices");
    return kind.startsWith("map");
  }

  /**
   * Patch items ordered as the patch (or $setElementOrder) lists them, server-only items as the live
   * list has them, then interleaved so each server-only item lands before the first patch item that
   * followed it in the live list.
   */
  private static ArrayNode normalizeOrder(List<JsonNode> inPatch, List<JsonNode> serverOnly, ArrayNode patchOrder,
      ArrayNode serverOrder, String mergeKey, boolean maps) {
    List<JsonNode> left = sortBy(serverOnly, serverOrder, mergeKey, maps);
    List<JsonNode> right = sortBy(inPatch, patchOrder, mergeKey, maps);
    List<JsonNode> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < left.size() || j < right.size()) {
      if (i >= left.size()) {
        out.add(right.get(j++));
      } else if (j >= right.size()) {
        out.add(left.get(i++));
      } else {
        int li = indexOf(serverOrder, left.get(i), mergeKey, maps);
        int ri = indexOf(serverOrder, right.get(j), mergeKey, maps);
        if (li >= 0 && ri >= 0 && li < ri) out.add(left.get(i++));
        else out.add(right.get(j++));
      }
    }
    return toArray(out);
  }

  private static List<JsonNode> sortBy(List<JsonNode> items, ArrayNode order, String mergeKey, boolean maps) {
    List<JsonNode> sorted = new ArrayList<>(items);
    if (order.isEmpty()) return sorted;
    sorted.sort(Comparator.comparingInt(v -> {
      int i = indexOf(order, v, mergeKey, maps);
      return i < 0 ? Integer.MAX_VALUE : i;
    }));
    return sorted;
  }

  private static int indexOf(ArrayNode list, JsonNode item, String mergeKey, boolean maps) {
    return indexIn(list(list), item, mergeKey, maps);
  }

  private static int indexIn(List<JsonNode> list, JsonNode item, String mergeKey, boolean maps) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode candidate = list.get(i);
      boolean same = maps
          ? candidate.isObject() && JsonEquality.equal(candidate.get(mergeKey), item.get(mergeKey))
          : JsonEquality.equal(candidate, item);
      if (same) return i;
    }
    return -1;
  }

  private static void requireMergeKey(JsonNode item, String mergeKey) {
    if (!item.isObject()) throw PatchErrors.plain("expected a map[string]interface {}, but received a " + goType(item));
    if (!item.has(mergeKey)) throw PatchErrors.noMergeKey(item, mergeKey);
  }

  private static String goType(JsonNode v) {
    if (v.isObject()) return "map[string]interface {}";
    if (v.isArray()) return "[]interface {}";
    if (v.isTextual()) return "string";
    if (v.isNumber()) return "float64";
    if (v.isBoolean()) return "bool";
    return "<nil>";
  }

  private static List<JsonNode> list(ArrayNode a) {
    List<JsonNode> out = new ArrayList<>();
    a.forEach(out::add);
    return out;
  }

  private static ArrayNode toArray(List<JsonNode> items) {
    ArrayNode a = Json.array();
    items.forEach(a::add);
    return a;
  }
}
