package dev.netkube.model.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 7386 JSON Merge Patch ({@code application/merge-patch+json}) as evanphx/json-patch's MergePatch
 * does it for kube-apiserver: null deletes, objects merge recursively, anything else replaces (with
 * nulls pruned from the new value). A null or scalar patch is "Invalid JSON Patch" (400); an array patch
 * replaces the whole document.
 */
public final class MergePatch {
  private MergePatch() {}

  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (patch == null || patch.isNull() || patch.isMissingNode() || patch.isValueNode()) {
      throw ApiException.badRequest("Invalid JSON Patch");
    }
    if (patch.isArray()) return pruneNulls(patch.deepCopy());
    if (target == null || !target.isObject()) return pruneNulls(patch.deepCopy());
    ObjectNode doc = ((ObjectNode) target).deepCopy();
    merge(doc, (ObjectNode) patch);
    return doc;
  }

  private static void merge(ObjectNode doc, ObjectNode patch) {
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      JsonNode pv = e.getValue();
      JsonNode dv = doc.get(e.getKey());
      if (pv.isNull()) {
        doc.remove(e.getKey());
      } else if (pv.isObject() && dv != null && dv.isObject()) {
        merge((ObjectNode) dv, (ObjectNode) pv);
      } else {
        doc.set(e.getKey(), pruneNulls(pv.deepCopy()));
      }
    }
  }

  private static JsonNode pruneNulls(JsonNode v) {
    if (v.isObject()) {
      ObjectNode o = (ObjectNode) v;
      List<String> nulls = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        if (e.getValue().isNull()) nulls.add(e.getKey());
        else pruneNulls(e.getValue());
      }
      o.remove(nulls);
    } else if (v.isArray()) {
      for (JsonNode c : (ArrayNode) v) pruneNulls(c);
    }
    return v;
  }
}
