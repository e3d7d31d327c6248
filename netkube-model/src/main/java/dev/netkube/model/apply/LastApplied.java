package dev.netkube.model.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.schema.Schema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The bridge between client-side and server-side apply that kube-apiserver keeps for the "kubectl"
 * field manager: conflicts on fields the last-applied-configuration annotation holds with their live
 * values are forgiven, and after a server-side apply the annotation (when present) is rewritten to
 * the applied configuration, so a later client-side apply sees what was applied.
 */
final class LastApplied {
  static final String KUBECTL = "kubectl";
  static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
  /** Upstream drops the annotation rather than store one this large. */
  static final int MAX_BYTES = 256 * 1024;

  private LastApplied() {}

  static FieldSet allowedConflicts(ObjectNode live, Schema schema) {
    JsonNode text = live == null ? null : live.path("metadata").path("annotations").get(ANNOTATION);
    if (text == null || !text.isTextual() || text.asText().isEmpty()) return FieldSet.EMPTY;
    JsonNode lastApplied;
    try {
      lastApplied = Json.parse(text.asText());
    } catch (IOException e) {
      return FieldSet.EMPTY;
    }
    if (!lastApplied.isObject()) return FieldSet.EMPTY;
    ObjectNode liveObj = ManagedFields.strip(live.deepCopy());
    FieldSets.Comparison cmp = FieldSets.compare(lastApplied, liveObj, schema);
    // Only fields whose last-applied value is still the live value.
    return FieldSets.of(lastApplied, schema).difference(cmp.modified()).difference(cmp.added()).difference(cmp.removed());
  }

  /** Rewrites an existing annotation on {@code result} to {@code applied}, as upstream's lastAppliedUpdater. */
  static void sync(ObjectNode result, ObjectNode applied) {
    JsonNode current = result.path("metadata").path("annotations").get(ANNOTATION);
    if (current == null || !current.isTextual() || current.asText().isEmpty()) return;
    ObjectNode copy = applied.deepCopy();
    if (copy.path("metadata").get("annotations") instanceof ObjectNode a) a.remove(ANNOTATION);
    String value = goJson(copy) + "\n";
    ObjectNode annotations = (ObjectNode) result.path("metadata").path("annotations");
    if (value.length() > MAX_BYTES) annotations.remove(ANNOTATION);
    else annotations.put(ANNOTATION, value);
  }

  /** JSON as Go's encoding/json writes a map: keys sorted, HTML characters escaped. */
  static String goJson(JsonNode v) {
    String text = Json.text(sorted(v));
    StringBuilder b = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> b.append("\\u003c");
        case '>' -> b.append("\\u003e");
        case '&' -> b.append("\\u0026");
        case '\u2028' -> b.append("\\u2028");
        case '\u2029' -> b.append("\\u2029");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static JsonNode sorted(JsonNode v) {
    if (v.isObject()) {
      List<String> keys = new ArrayList<>();
      v.fieldNames().forEachRemaining(keys::add);
      Collections.sort(keys);
      ObjectNode o = Json.object();
      for (String k : keys) o.set(k, sorted(v.get(k)));
      return o;
    }
    if (v.isArray()) {
      ArrayNode a = Json.array();
      v.forEach(c -> a.add(sorted(c)));
      return a;
    }
    return v;
  }
}
