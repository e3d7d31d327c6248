package dev.netkube.controllers.daemonset;

import dev.netkube.controllers.workload.Pods;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a daemon pod belongs on a node (upstream's NodeShouldRunDaemonPod), pure: spec.nodeName,
 * nodeSelector, required node affinity, and NoSchedule/NoExecute taints against the pod's
 * tolerations plus those upstream adds to every daemon pod.
 */
public final class NodeEligibility {
  private NodeEligibility() {}

  /** AddOrUpdateDaemonPodTolerations: daemon pods run through these node conditions. */
  public static List<Toleration> withDaemonTolerations(List<Toleration> own, boolean hostNetwork) {
    List<Toleration> out = new ArrayList<>(own == null ? List.of() : own);
    add(out, "node.kubernetes.io/not-ready", "NoExecute");
    add(out, "node.kubernetes.io/unreachable", "NoExecute");
    add(out, "node.kubernetes.io/disk-pressure", "NoSchedule");
    add(out, "node.kubernetes.io/memory-pressure", "NoSchedule");
    add(out, "node.kubernetes.io/pid-pressure", "NoSchedule");
    add(out, "node.kubernetes.io/unschedulable", "NoSchedule");
    if (hostNetwork) add(out, "node.kubernetes.io/network-unavailable", "NoSchedule");
    return out;
  }

  private static void add(List<Toleration> list, String key, String effect) {
    boolean present = list.stream().anyMatch(t -> key.equals(t.getKey()) && effect.equals(t.getEffect())
        && "Exists".equals(t.getOperator()) && t.getTolerationSeconds() == null);
    if (!present) {
      list.removeIf(t -> key.equals(t.getKey()) && effect.equals(t.getEffect()));
      list.add(new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build());
    }
  }

  public static boolean shouldRun(Node node, PodSpec spec) {
    String name = node.getMetadata().getName();
    if (spec.getNodeName() != null && !spec.getNodeName().isEmpty() && !spec.getNodeName().equals(name)) return false;
    Map<String, String> labels = Pods.labels(node);
    if (spec.getNodeSelector() != null) {
      for (Map.Entry<String, String> e : spec.getNodeSelector().entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) return false;
      }
    }
    var affinity = spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null ? null
        : spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    if (affinity != null && affinity.getNodeSelectorTerms() != null && !affinity.getNodeSelectorTerms().isEmpty()) {
      boolean any = false;
      for (NodeSelectorTerm term : affinity.getNodeSelectorTerms()) any |= matches(term, name, labels);
      if (!any) return false;
    }
    List<Toleration> tolerations = withDaemonTolerations(spec.getTolerations(), Boolean.TRUE.equals(spec.getHostNetwork()));
    List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    for (Taint taint : taints) {
      if (!"NoSchedule".equals(taint.getEffect()) && !"NoExecute".equals(taint.getEffect())) continue;
      if (tolerations.stream().noneMatch(t -> tolerates(t, taint))) return false;
    }
    return true;
  }

  /** A term matches when all its requirements do; an empty term matches nothing (upstream). */
  static boolean matches(NodeSelectorTerm term, String nodeName, Map<String, String> labels) {
    List<NodeSelectorRequirement> exprs = term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
    List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
    if (exprs.isEmpty() && fields.isEmpty()) return false;
    for (NodeSelectorRequirement r : exprs) if (!requirement(r, labels.get(r.getKey()))) return false;
    for (NodeSelectorRequirement r : fields) {
      if (!"metadata.name".equals(r.getKey()) || !requirement(r, nodeName)) return false;
    }
    return true;
  }

  static boolean requirement(NodeSelectorRequirement r, String value) {
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    return switch (r.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      case "Gt", "Lt" -> {
        if (value == null || values.size() != 1) yield false;
        try {
          long v = Long.parseLong(value);
          long bound = Long.parseLong(values.get(0));
          yield "Gt".equals(r.getOperator()) ? v > bound : v < bound;
        } catch (NumberFormatException e) {
          yield false;
        }
      }
      default -> false;
    };
  }

  /** v1.Toleration.ToleratesTaint. */
  static boolean tolerates(Toleration t, Taint taint) {
    if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) return false;
    if (t.getKey() != null && !t.getKey().isEmpty() && !t.getKey().equals(taint.getKey())) return false;
    String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
    if ("Exists".equals(op)) return true;
    return "Equal".equals(op) && Objects.equals(nullToEmpty(t.getValue()), nullToEmpty(taint.getValue()));
  }

  private static String nullToEmpty(String s) { return s == null ? "" : s; }
}
