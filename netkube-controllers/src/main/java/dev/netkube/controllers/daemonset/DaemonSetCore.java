package dev.netkube.controllers.daemonset;

import dev.netkube.controllers.workload.Pods;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The DaemonSet controller's decisions, pure: one pod on each eligible node, none elsewhere,
 * failed ones replaced, a rolling update within maxUnavailable, and the status counts.
 */
public final class DaemonSetCore {
  public static final String HASH_LABEL = "controller-revision-hash";

  private DaemonSetCore() {}

  public record Counts(int desired, int current, int misscheduled, int ready, int available, int unavailable, int updated) {}

  /** Create a pod on these nodes; delete these pods ({@code failed}: found failed, reported as upstream does). */
  public record Plan(List<String> createOn, List<Pod> delete, List<Pod> failed, Counts counts) {}

  /** The node a daemon pod is for: its spec.nodeName, or the node its required affinity names. */
  public static Optional<String> targetNode(Pod pod) {
    if (Pods.scheduled(pod)) return Optional.of(Pods.nodeName(pod));
    var a = pod.getSpec() == null || pod.getSpec().getAffinity() == null || pod.getSpec().getAffinity().getNodeAffinity() == null
        ? null : pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    if (a == null || a.getNodeSelectorTerms() == null) return Optional.empty();
    for (NodeSelectorTerm t : a.getNodeSelectorTerms()) {
      for (NodeSelectorRequirement r : t.getMatchFields() == null ? List.<NodeSelectorRequirement>of() : t.getMatchFields()) {
        if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator()) && r.getValues() != null && r.getValues().size() == 1) {
          return Optional.of(r.getValues().get(0));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * @param pods the set's pods (any phase)
   * @param hash the current template's controller-revision-hash
   * @param maxUnavailable resolved against the desired count; 0 = OnDelete (no replacement of old pods)
   */
  public static Plan plan(List<Node> nodes, List<Pod> pods, PodSpec template, String hash, boolean rolling, int maxUnavailable,
      int minReadySeconds, Instant now) {
    Map<String, List<Pod>> byNode = new HashMap<>();
    List<Pod> delete = new ArrayList<>();
    List<Pod> failed = new ArrayList<>();
    Set<String> nodeNames = new HashSet<>();
    nodes.forEach(n -> nodeNames.add(n.getMetadata().getName()));
    for (Pod p : pods) {
      Optional<String> node = targetNode(p);
      if (node.isEmpty() || !nodeNames.contains(node.get())) {
        if (Pods.active(p)) delete.add(p); // its node is gone
        continue;
      }
      byNode.computeIfAbsent(node.get(), k -> new ArrayList<>()).add(p);
    }
    List<String> create = new ArrayList<>();
    int desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
    List<Pod> oldAvailable = new ArrayList<>();
    int unavailableNow = 0;
    List<Node> sorted = new ArrayList<>(nodes);
    sorted.sort(Comparator.comparing(n -> n.getMetadata().getName()));
    for (Node node : sorted) {
      String name = node.getMetadata().getName();
      List<Pod> here = byNode.getOrDefault(name, List.of());
      List<Pod> active = new ArrayList<>(here.stream().filter(Pods::active).toList());
      boolean terminating = here.stream().anyMatch(p -> Pods.deleting(p) && !Pods.terminal(p));
      boolean run = NodeEligibility.shouldRun(node, template);
      if (!run) {
        if (!active.isEmpty()) misscheduled++;
        delete.addAll(active);
        continue;
      }
      desired++;
      for (Pod p : here) {
        if ("Failed".equals(Pods.phase(p)) && !Pods.deleting(p)) {
          failed.add(p);
          delete.add(p);
        }
      }
      if (active.isEmpty()) {
        if (!terminating) create.add(name); // a failed pod goes and its replacement comes in the same sync
        unavailableNow++;
        continue;
      }
      current++;
      active.sort(Comparator.comparing(Pods::created).thenComparing(p -> p.getMetadata().getName()));
      if (active.size() > 1) delete.addAll(active.subList(1, active.size()));
      Pod pod = active.get(0);
      boolean isNew = hash.equals(Pods.labels(pod).get(HASH_LABEL));
      if (isNew) updated++;
      if (Pods.ready(pod)) ready++;
      boolean avail = Pods.available(pod, minReadySeconds, now);
      if (avail) available++;
      else unavailableNow++;
      if (!isNew && rolling) {
        if (!avail) delete.add(pod); // an old pod that is not available anyway: replace it now
        else oldAvailable.add(pod);
      }
    }
    if (rolling) {
      for (Pod p : oldAvailable) {
        if (unavailableNow >= maxUnavailable) break;
        delete.add(p);
        unavailableNow++;
      }
    }
    return new Plan(create, delete, failed,
        new Counts(desired, current, misscheduled, ready, available, Math.max(0, desired - available), updated));
  }
}
