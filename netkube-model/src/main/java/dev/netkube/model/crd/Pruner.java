package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops the fields a structural schema does not specify, as upstream's pruning does on every
 * write: kept are specified properties, values of additionalProperties maps, everything below
 * x-kubernetes-preserve-unknown-fields or x-kubernetes-int-or-string, and apiVersion, kind and
 * metadata at the root and in embedded resources.
 */
final class Pruner {
  private static final Set<String> RESOURCE_META = Set.of("apiVersion", "kind", "metadata");

  private Pruner() {}

  /** Prunes {@code object} in place; returns the dotted paths of the removed fields, in document order. */
  static List<String> prune(ObjectNode object, JsonNode rootSchema) {
    List<String> removed = new ArrayList<>();
    pruneObject(object, rootSchema, "", true, removed);
    return removed;
  }

  private static void prune(JsonNode v, JsonNode s, String path, List<String> removed) {
    if (s == null || !s.isObject() || s.path("x-kubernetes-int-or-string").asBoolean(false)) return;
    if (v.isObject()) {
      pruneObject((ObjectNode) v, s, path, s.path("x-kubernetes-embedded-resource").asBoolean(false), removed);
    } else if (v.isArray()) {
      JsonNode items = s.get("items");
      for (int i = 0; i < v.size(); i++) prune(v.get(i), items, path + "[" + i + "]", removed);
    }
  }

  private static void pruneObject(ObjectNode o, JsonNode s, String path, boolean resource, List<String> removed) {
    JsonNode props = s.path("properties");
    JsonNode additional = s.get("additionalProperties");
    boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String key = f.getKey();
      String childPath = path.isEmpty() ? key : path + "." + key;
      if (resource && RESOURCE_META.contains(key)) continue; // ObjectMeta is coerced elsewhere
      JsonNode ps = props.get(key);
      if (ps != null) {
        prune(f.getValue(), ps, childPath, removed);
      } else if (additional != null && additional.isObject()) {
        prune(f.getValue(), additional, childPath, removed);
      } else if (!preserve && !(additional != null && additional.asBoolean(false))) {
        removed.add(childPath);
        it.remove();
      }
    }
  }
}
