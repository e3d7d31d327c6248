package dev.netkube.controllers.scheduler;

import java.util.List;
import java.util.Map;

/**
 * One term of requiredDuringSchedulingIgnoredDuringExecution: all its expressions (on labels) and
 * fields (metadata.name only) must match; a term without either matches no node, as upstream.
 */
public record NodeSelectorTerm(List<Requirement> matchExpressions, List<Requirement> matchFields) {

  /** key, operator (In, NotIn, Exists, DoesNotExist, Gt, Lt), values. */
  public record Requirement(String key, String operator, List<String> values) {
    boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return switch (operator) {
        case "In" -> v != null && values.contains(v);
        case "NotIn" -> v == null || !values.contains(v);
        case "Exists" -> v != null;
        case "DoesNotExist" -> v == null;
        case "Gt", "Lt" -> {
          if (v == null || values.size() != 1) yield false;
          try {
            long have = Long.parseLong(v);
            long want = Long.parseLong(values.get(0));
            yield operator.equals("Gt") ? have > want : have < want;
          } catch (NumberFormatException e) {
            yield false;
          }
        }
        default -> false;
      };
    }
  }

  boolean matches(String nodeName, Map<String, String> labels) {
    if (matchExpressions.isEmpty() && matchFields.isEmpty()) return false;
    for (Requirement r : matchExpressions) if (!r.matches(labels)) return false;
    for (Requirement r : matchFields) {
      if (!r.key().equals("metadata.name") || !r.matches(Map.of("metadata.name", nodeName))) return false;
    }
    return true;
  }

  /** Terms are ORed; no terms means no constraint. */
  public static boolean anyMatches(List<NodeSelectorTerm> terms, String nodeName, Map<String, String> labels) {
    if (terms.isEmpty()) return true;
    for (NodeSelectorTerm t : terms) if (t.matches(nodeName, labels)) return true;
    return false;
  }
}
