package dev.netkube.controllers.statefulset;

import dev.netkube.controllers.workload.Pods;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The StatefulSet controller's decisions, pure: pods {@code <name>-0..N-1}; with OrderedReady,
 * one at a time, each only once all lower ordinals are Running and Ready, and scale-down from the
 * highest ordinal; with Parallel, all at once. Rolling updates replace one pod at a time from the
 * highest ordinal down to the partition.
 */
public final class StatefulSetCore {
  public static final String REVISION_LABEL = "controller-revision-hash";

  private StatefulSetCore() {}

  /** What this sync does: create these ordinals, delete these pods. */
  public record Step(List<Integer> create, List<Pod> delete) {
    static final Step NOTHING = new Step(List.of(), List.of());
  }

  /** The ordinal of {@code <set>-<i>}, if the pod's name has that form. */
  public static Optional<Integer> ordinal(String set, String podName) {
    String prefix = set + "-";
    if (!podName.startsWith(prefix)) return Optional.empty();
    String rest = podName.substring(prefix.length());
    if (rest.isEmpty() || !rest.chars().allMatch(Character::isDigit) || (rest.length() > 1 && rest.startsWith("0"))) return Optional.empty();
    try {
      return Optional.of(Integer.parseInt(rest));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static boolean runningAndReady(Pod p) { return "Running".equals(Pods.phase(p)) && Pods.ready(p); }

  public static Step step(String set, int replicas, boolean parallel, int partition, String updateRevision, List<Pod> pods) {
    Map<Integer, Pod> members = new TreeMap<>();
    List<Pod> condemned = new ArrayList<>();
    for (Pod p : pods) {
      Optional<Integer> ord = ordinal(set, p.getMetadata().getName());
      if (ord.isEmpty()) continue;
      if (ord.get() < replicas) members.put(ord.get(), p);
      else condemned.add(p);
    }
    condemned.sort(Comparator.comparing((Pod p) -> ordinal(set, p.getMetadata().getName()).orElse(0)).reversed());
    List<Integer> create = new ArrayList<>();
    List<Pod> delete = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      Pod p = members.get(i);
      if (p == null) {
        create.add(i);
        if (!parallel) return new Step(create, delete);
        continue;
      }
      if (Pods.terminal(p) && !Pods.deleting(p)) {
        delete.add(p); // failed or succeeded: recreated once gone
        if (!parallel) return new Step(create, delete);
        continue;
      }
      if (!parallel && (Pods.deleting(p) || !runningAndReady(p))) return new Step(create, delete);
    }
    boolean allHealthy = members.size() == replicas && members.values().stream().allMatch(p -> !Pods.deleting(p) && runningAndReady(p));
    for (Pod p : condemned) {
      if (Pods.deleting(p)) {
        if (!parallel) return new Step(create, delete);
        continue;
      }
      if (!parallel && !allHealthy) return new Step(create, delete);
      delete.add(p);
      if (!parallel) return new Step(create, delete);
    }
    if (!create.isEmpty() || !delete.isEmpty() || !allHealthy) return new Step(create, delete);
    for (int i = replicas - 1; i >= Math.max(0, partition); i--) {
      Pod p = members.get(i);
      if (!updateRevision.equals(Pods.labels(p).get(REVISION_LABEL))) return new Step(List.of(), List.of(p));
    }
    return Step.NOTHING;
  }

  public record Counts(int replicas, int ready, int available, int current, int updated) {}

  public static Counts counts(List<Pod> pods, String currentRevision, String updateRevision, int minReadySeconds, Instant now) {
    int replicas = 0, ready = 0, available = 0, current = 0, updated = 0;
    for (Pod p : pods) {
      if (Pods.terminal(p)) continue;
      replicas++;
      if (runningAndReady(p)) {
        ready++;
        if (Pods.available(p, minReadySeconds, now)) available++;
      }
      if (Pods.deleting(p)) continue;
      String rev = Pods.labels(p).get(REVISION_LABEL);
      if (currentRevision.equals(rev)) current++;
      if (updateRevision.equals(rev)) updated++;
    }
    return new Counts(replicas, ready, available, current, updated);
  }
}
