package dev.netkube.controllers.scheduler;

/**
 * The default score plugins that matter without volumes or inter-pod affinity: NodeResourcesFit
 * (LeastAllocated) and NodeResourcesBalancedAllocation, weight 1 each, 0–100 per plugin, from the
 * non-zero requests (100m / 200Mi for a pod that asks for nothing), and TaintToleration (weight
 * 3: fewer untolerated PreferNoSchedule taints is better). Pods spread over equal nodes.
 */
public final class Scoring {
  private Scoring() {}

  static final int MAX = 100;

  public static long score(SchedPod pod, NodeInfo info) {
    SchedNode node = info.node().orElseThrow();
    Resources after = info.nonZeroRequested().plus(pod.requests().nonZero());
    Resources alloc = node.allocatable();
    double cpu = fraction(after.milliCpu(), alloc.milliCpu());
    double mem = fraction(after.memory(), alloc.memory());
    long least = Math.round(((1 - cpu) * MAX + (1 - mem) * MAX) / 2);
    // BalancedAllocation: 1 - standard deviation of the two fractions (|a-b|/2 for two).
    long balanced = Math.round((1 - Math.abs(cpu - mem) / 2) * MAX);
    int prefer = 0;
    for (Taint t : node.taints()) {
      if (t.effect().equals("PreferNoSchedule") && !Toleration.tolerated(pod.tolerations(), t)) prefer++;
    }
    long taints = prefer == 0 ? MAX : Math.max(0, MAX - prefer * 10L);
    return least + balanced + 3 * taints;
  }

  private static double fraction(long requested, long allocatable) {
    if (allocatable <= 0) return 1;
    return Math.min(1, (double) requested / allocatable);
  }
}
