package dev.netkube.controllers.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * One scheduling decision (upstream's schedulePod): filter nodes, starting where the last search
 * stopped, until enough feasible ones are found (percentageOfNodesToScore's adaptive rule), score
 * them and pick at random among the best. An unschedulable pod gets upstream's FitError message.
 */
public final class Algorithm {
  static final String NO_NODES = "no nodes available to schedule pods";
  static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
  static final String NO_VICTIMS = "No preemption victims found for incoming pod";
  static final String NEVER = "not eligible due to preemptionPolicy=Never.";

  /** What became of a pod. */
  public sealed interface Outcome permits Scheduled, Unschedulable {}

  public record Scheduled(String node, int feasible, int evaluated) implements Outcome {}

  /** {@code failures}: per node, why (empty when there are no nodes). */
  public record Unschedulable(String message, Map<String, Filters.Failure> failures) implements Outcome {}

  private final RandomGenerator random;
  private int nextStart;

  public Algorithm(RandomGenerator random) { this.random = random; }

  public Outcome schedule(SchedPod pod, SchedulerCache cache) {
    synchronized (cache) {
      List<NodeInfo> nodes = cache.schedulableNodes();
      int n = nodes.size();
      if (n == 0) return new Unschedulable(NO_NODES, Map.of());
      int wanted = feasibleNodesToFind(n);
      List<NodeInfo> feasible = new ArrayList<>(Math.min(wanted, 64));
      Map<String, Filters.Failure> failures = new LinkedHashMap<>();
      int evaluated = 0;
      int start = nextStart % n;
      for (int i = 0; i < n && feasible.size() < wanted; i++) {
        NodeInfo info = nodes.get((start + i) % n);
        evaluated++;
        Optional<Filters.Failure> f = Filters.run(pod, info);
        if (f.isPresent()) failures.put(info.name(), f.get()); else feasible.add(info);
      }
      nextStart = (start + evaluated) % n;
      if (feasible.isEmpty()) return new Unschedulable(fitError(pod, n, failures), failures);
      NodeInfo best = feasible.get(0);
      if (feasible.size() > 1) {
        long top = Long.MIN_VALUE;
        int ties = 0;
        for (NodeInfo info : feasible) {
          long s = Scoring.score(pod, info);
          if (s > top) {
            top = s;
            best = info;
            ties = 1;
          } else if (s == top && random.nextInt(++ties) == 0) {
            best = info; // reservoir sampling: each of the best equally likely
          }
        }
      }
      return new Scheduled(best.name(), feasible.size(), evaluated);
    }
  }

  /** percentageOfNodesToScore unset: all of up to 100 nodes, else 50% − n/125 (at least 5%), at least 100. */
  static int feasibleNodesToFind(int n) {
    if (n < 100) return n;
    int percentage = Math.max(5, 50 - n / 125);
    return Math.max(100, n * percentage / 100);
  }

  /**
   * FitError.Error() of 1.32: "0/N nodes are available: <count reason>, ... ." with the histogram
   * entries sorted as strings, then DefaultPreemption's verdict.
   */
  public static String fitError(SchedPod pod, int numNodes, Map<String, Filters.Failure> failures) {
    StringBuilder msg = new StringBuilder(available(numNodes, histogram(failures, false)));
    if ("Never".equals(pod.preemptionPolicy())) {
      msg.append(' ').append(NEVER);
    } else {
      msg.append(" preemption: ").append(available(numNodes, histogram(failures, true)));
    }
    return msg.toString();
  }

  private static String available(int numNodes, List<String> reasons) {
    String head = "0/" + numNodes + " nodes are available:";
    return reasons.isEmpty() ? head : head + " " + String.join(", ", reasons) + ".";
  }

  private static List<String> histogram(Map<String, Filters.Failure> failures, boolean preemption) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Filters.Failure f : failures.values()) {
      if (preemption) counts.merge(f.resolvable() ? NO_VICTIMS : NOT_HELPFUL, 1, Integer::sum);
      else for (String r : f.reasons()) counts.merge(r, 1, Integer::sum);
    }
    List<String> out = new ArrayList<>();
    counts.forEach((reason, count) -> out.add(count + " " + reason));
    out.sort(null);
    return out;
  }
}
