package dev.netkube.controllers.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kube-scheduler's default filter plugins, in upstream's order; a node fails at the first plugin
 * that rejects it, with that plugin's reasons (NodeResourcesFit may give several).
 */
public final class Filters {
  private Filters() {}

  static final String NODE_NAME = "node(s) didn't match the requested node name";
  static final String UNSCHEDULABLE = "node(s) were unschedulable";
  static final String AFFINITY = "node(s) didn't match Pod's node affinity/selector";
  static final String PORTS = "node(s) didn't have free ports for the requested pod ports";
  static final String TOO_MANY_PODS = "Too many pods";
  static final String INSUFFICIENT_CPU = "Insufficient cpu";
  static final String INSUFFICIENT_MEMORY = "Insufficient memory";

  /**
   * Why a node was rejected: the reasons and whether removing pods (preemption) could help
   * (upstream's Unschedulable vs UnschedulableAndUnresolvable).
   */
  public record Failure(String plugin, List<String> reasons, boolean resolvable) {
    static Failure unresolvable(String plugin, String reason) { return new Failure(plugin, List.of(reason), false); }
  }

  /** Runs the filters; empty when the node fits. */
  public static Optional<Failure> run(SchedPod pod, NodeInfo info) {
    SchedNode node = info.node().orElseThrow();
    Optional<Failure> f = nodeUnschedulable(pod, node);
    if (f.isEmpty()) f = nodeName(pod, node);
    if (f.isEmpty()) f = taintToleration(pod, node);
    if (f.isEmpty()) f = nodeAffinity(pod, node);
    if (f.isEmpty()) f = nodePorts(pod, info);
    if (f.isEmpty()) f = resourcesFit(pod, info);
    return f;
  }

  static Optional<Failure> nodeUnschedulable(SchedPod pod, SchedNode node) {
    if (!node.unschedulable()) return Optional.empty();
    Taint t = new Taint(Taint.UNSCHEDULABLE, "", "NoSchedule");
    if (Toleration.tolerated(pod.tolerations(), t)) return Optional.empty();
    return Optional.of(Failure.unresolvable("NodeUnschedulable", UNSCHEDULABLE));
  }

  static Optional<Failure> nodeName(SchedPod pod, SchedNode node) {
    if (pod.nodeName().isEmpty() || pod.nodeName().equals(node.name())) return Optional.empty();
    return Optional.of(Failure.unresolvable("NodeName", NODE_NAME));
  }

  /** The first NoSchedule or NoExecute taint the pod does not tolerate. */
  static Optional<Failure> taintToleration(SchedPod pod, SchedNode node) {
    for (Taint t : node.taints()) {
      if (!t.effect().equals("NoSchedule") && !t.effect().equals("NoExecute")) continue;
      if (!Toleration.tolerated(pod.tolerations(), t)) {
        return Optional.of(Failure.unresolvable("TaintToleration",
            "node(s) had untolerated taint {" + t.key() + ": " + t.value() + "}"));
      }
    }
    return Optional.empty();
  }

  static Optional<Failure> nodeAffinity(SchedPod pod, SchedNode node) {
    for (Map.Entry<String, String> e : pod.nodeSelector().entrySet()) {
      if (!e.getValue().equals(node.labels().get(e.getKey()))) return Optional.of(Failure.unresolvable("NodeAffinity", AFFINITY));
    }
    if (!NodeSelectorTerm.anyMatches(pod.requiredAffinity(), node.name(), node.labels())) {
      return Optional.of(Failure.unresolvable("NodeAffinity", AFFINITY));
    }
    return Optional.empty();
  }

  static Optional<Failure> nodePorts(SchedPod pod, NodeInfo info) {
    for (HostPort want : pod.hostPorts()) {
      for (HostPort used : info.usedPorts().keySet()) {
        if (want.conflicts(used)) return Optional.of(new Failure("NodePorts", List.of(PORTS), true));
      }
    }
    return Optional.empty();
  }

  /** Requests against allocatable minus what the node's pods request; pods against the pod capacity. */
  static Optional<Failure> resourcesFit(SchedPod pod, NodeInfo info) {
    SchedNode node = info.node().orElseThrow();
    List<String> reasons = new ArrayList<>(2);
    boolean resolvable = true;
    if (info.podCount() + 1 > node.allowedPods()) reasons.add(TOO_MANY_PODS);
    Resources want = pod.requests();
    Resources free = node.allocatable().minus(info.requested());
    if (want.milliCpu() > 0 && want.milliCpu() > free.milliCpu()) {
      reasons.add(INSUFFICIENT_CPU);
      if (want.milliCpu() > node.allocatable().milliCpu()) resolvable = false;
    }
    if (want.memory() > 0 && want.memory() > free.memory()) {
      reasons.add(INSUFFICIENT_MEMORY);
      if (want.memory() > node.allocatable().memory()) resolvable = false;
    }
    return reasons.isEmpty() ? Optional.empty() : Optional.of(new Failure("NodeResourcesFit", reasons, resolvable));
  }
}
