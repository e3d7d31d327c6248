package dev.netkube.apiserver.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status conditions upstream's namespace controller keeps on a terminating namespace (what
 * {@code kubectl describe namespace} shows while it waits), from one pass over its content.
 */
final class DeletionConditions {
  /** What one pass found: objects still there by "resource.group", their finalizers, failed deletes. */
  static final class Tally {
    final Map<String, Integer> remaining = new TreeMap<>();
    final Map<String, Integer> finalizers = new TreeMap<>();
    final List<String> failures = new ArrayList<>();

    void remains(String resource, String group, JsonNode obj) {
      remaining.merge(resource + "." + group, 1, Integer::sum);
      obj.path("metadata").path("finalizers").forEach(f -> finalizers.merge(f.asText(), 1, Integer::sum));
    }

    boolean empty() { return remaining.isEmpty(); }
  }

  private DeletionConditions() {}

  /** The namespace's conditions after this pass; lastTransitionTime kept where the status did not change. */
  static ArrayNode conditions(JsonNode existing, Tally tally, String now) {
    List<ObjectNode> out = new ArrayList<>();
    out.add(condition("NamespaceDeletionDiscoveryFailure", false, "ResourcesDiscovered",
        "All resources successfully discovered"));
    out.add(condition("NamespaceDeletionGroupVersionParsingFailure", false, "ParsedGroupVersions",
        "All legacy kube types successfully parsed"));
    out.add(tally.failures.isEmpty()
        ? condition("NamespaceDeletionContentFailure", false, "ContentDeleted",
            "All content successfully deleted, may be waiting on finalization")
        : condition("NamespaceDeletionContentFailure", true, "ContentDeletionFailed",
            "Failed to delete all resource types, " + tally.failures.size() + " remaining: "
                + String.join(", ", tally.failures)));
    out.add(tally.remaining.isEmpty()
        ? condition("NamespaceContentRemaining", false, "ContentRemoved", "All content successfully removed")
        : condition("NamespaceContentRemaining", true, "SomeResourcesRemain", "Some resources are remaining: "
            + join(tally.remaining, " has %d resource instances")));
    out.add(tally.finalizers.isEmpty()
        ? condition("NamespaceFinalizersRemaining", false, "ContentHasNoFinalizers",
            "All content-preserving finalizers finished")
        : condition("NamespaceFinalizersRemaining", true, "SomeFinalizersRemain",
            "Some content in the namespace has finalizers remaining: " + join(tally.finalizers, " in %d resource instances")));
    ArrayNode conditions = Json.array();
    for (ObjectNode c : out) {
      String time = now;
      for (JsonNode old : existing) {
        if (old.path("type").asText().equals(c.path("type").asText())
            && old.path("status").asText().equals(c.path("status").asText())
            && !old.path("lastTransitionTime").asText("").isEmpty()) {
          time = old.path("lastTransitionTime").asText();
        }
      }
      c.put("lastTransitionTime", time);
      conditions.add(c);
    }
    return conditions;
  }

  private static String join(Map<String, Integer> counts, String format) {
    List<String> parts = new ArrayList<>();
    counts.forEach((k, n) -> parts.add(k + String.format(format, n)));
    return String.join(", ", parts);
  }

  private static ObjectNode condition(String type, boolean status, String reason, String message) {
    ObjectNode c = Json.object();
    c.put("type", type);
    c.put("status", status ? "True" : "False");
    c.put("reason", reason);
    c.put("message", message);
    return c;
  }
}
