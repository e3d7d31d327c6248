package dev.netkube.controllers.replicaset;

import dev.netkube.controllers.workload.DeletionRanking;
import dev.netkube.controllers.workload.Pods;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The ReplicaSet controller's decisions, pure: how many pods to make, which to delete, the status. */
public final class ReplicaSetCore {
  /** Upstream's BurstReplicas: at most this many creations or deletions per sync. */
  public static final int BURST_REPLICAS = 500;

  private ReplicaSetCore() {}

  /** What manageReplicas does this time. */
  public sealed interface Diff permits Create, Delete, InSync {}

  public record Create(int count) implements Diff {}

  public record Delete(List<Pod> pods) implements Diff {}

  public record InSync() implements Diff {}

  /**
   * @param active the set's active pods (owned, matching, not terminal, not being deleted)
   * @param related active pods of the set and its siblings (same owner): more of them on a node = delete there first
   */
  public static Diff diff(int wanted, List<Pod> active, List<Pod> related, Instant now) {
    int diff = active.size() - wanted;
    if (diff < 0) return new Create(Math.min(-diff, BURST_REPLICAS));
    if (diff == 0) return new InSync();
    int count = Math.min(diff, BURST_REPLICAS);
    List<Pod> ranked = new ArrayList<>(active);
    ranked.sort(DeletionRanking.order(ranks(active, related), now));
    return new Delete(List.copyOf(ranked.subList(0, count)));
  }

  /** Per pod name: how many related pods run on its node (0 for unscheduled pods). */
  static Map<String, Integer> ranks(List<Pod> pods, List<Pod> related) {
    Map<String, Integer> perNode = new HashMap<>();
    for (Pod p : related) if (Pods.scheduled(p)) perNode.merge(Pods.nodeName(p), 1, Integer::sum);
    Map<String, Integer> rank = new HashMap<>();
    for (Pod p : pods) rank.put(p.getMetadata().getName(), Pods.scheduled(p) ? perNode.getOrDefault(Pods.nodeName(p), 0) : 0);
    return rank;
  }

  /** The status fields the controller owns (conditions apart). */
  public record Counts(int replicas, int fullyLabeledReplicas, int readyReplicas, int availableReplicas) {}

  public static Counts counts(List<Pod> active, Map<String, String> templateLabels, int minReadySeconds, Instant now) {
    int fully = 0, ready = 0, available = 0;
    for (Pod p : active) {
      Map<String, String> labels = Pods.labels(p);
      if (templateLabels.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) fully++;
      if (Pods.ready(p)) {
        ready++;
        if (Pods.available(p, minReadySeconds, now)) available++;
      }
    }
    return new Counts(active.size(), fully, ready, available);
  }

  /** When a ready pod will turn available (minReadySeconds): look again then. */
  public static Optional<Duration> recheckAfter(List<Pod> active, int minReadySeconds, Instant now) {
    return active.stream().map(p -> Pods.untilAvailable(p, minReadySeconds, now)).flatMap(Optional::stream)
        .min(Duration::compareTo).map(d -> d.plusMillis(100));
  }
}
