package dev.netkube.controllers.workload;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Which pods go first when a controller scales down: upstream's ActivePodsWithRanks with
 * logarithmic scale-down. Earlier in this order = deleted first.
 */
public final class DeletionRanking {
  public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

  private DeletionRanking() {}

  /**
   * @param rank per pod name: how many related pods share its node (more = deleted first)
   */
  public static Comparator<Pod> order(Map<String, Integer> rank, Instant now) {
    return (a, b) -> compare(a, b, rank, now);
  }

  static int compare(Pod a, Pod b, Map<String, Integer> rank, Instant now) {
    // 1. unassigned < assigned
    if (Pods.scheduled(a) != Pods.scheduled(b)) return Pods.scheduled(a) ? 1 : -1;
    // 2. Pending < Unknown < Running
    int phase = Integer.compare(phaseOrder(a), phaseOrder(b));
    if (phase != 0) return phase;
    // 3. not ready < ready
    if (Pods.ready(a) != Pods.ready(b)) return Pods.ready(a) ? 1 : -1;
    // 4. lower pod-deletion-cost first
    int cost = Integer.compare(deletionCost(a), deletionCost(b));
    if (cost != 0) return cost;
    // 5. more related pods on the same node first
    int r = Integer.compare(rank.getOrDefault(a.getMetadata().getName(), 0), rank.getOrDefault(b.getMetadata().getName(), 0));
    if (r != 0) return -r;
    // 6. ready for a shorter time first (log scale)
    if (Pods.ready(a) && Pods.ready(b)) {
      int ready = Long.compare(logAge(Pods.readySince(a), now), logAge(Pods.readySince(b), now));
      if (ready != 0) return ready;
    }
    // 7. more restarts first
    int restarts = Integer.compare(Pods.restarts(a), Pods.restarts(b));
    if (restarts != 0) return -restarts;
    // 8. newer first (log scale)
    int age = Long.compare(logAge(Optional.of(Pods.created(a)), now), logAge(Optional.of(Pods.created(b)), now));
    if (age != 0) return age;
    return a.getMetadata().getName().compareTo(b.getMetadata().getName());
  }

  private static int phaseOrder(Pod pod) {
    return switch (Pods.phase(pod)) {
      case "Pending" -> 0;
      case "Unknown" -> 1;
      case "Running" -> 2;
      default -> 3;
    };
  }

  static int deletionCost(Pod pod) {
    String v = Pods.annotations(pod).get(DELETION_COST);
    if (v == null) return 0;
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** floor(log2(age in ns)), -1 for no age: pods within the same power of two count as equally old. */
  private static long logAge(Optional<Instant> since, Instant now) {
    if (since.isEmpty()) return -1;
    long nanos = Duration.between(since.get(), now).toNanos();
    return nanos <= 0 ? -1 : 63 - Long.numberOfLeadingZeros(nanos);
  }
}
