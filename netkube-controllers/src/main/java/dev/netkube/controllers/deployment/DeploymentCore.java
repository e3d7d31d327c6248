package dev.netkube.controllers.deployment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment controller's decisions, pure: how far to scale the new and old ReplicaSets in
 * one step of a rolling update or a recreate, proportional scaling when the deployment is resized
 * mid-rollout, and the status. Each call is one sync; the caller applies the scales, the
 * ReplicaSets' statuses move, and the next sync takes the next step.
 */
public final class DeploymentCore {
  private DeploymentCore() {}

  /** A ReplicaSet as the deployment controller sees it. */
  public record Rs(String name, int replicas, int current, int ready, int available, long revision, Instant created,
      Optional<Integer> desiredAnnotation) {
    public Rs withReplicas(int n) { return new Rs(name, n, current, ready, available, revision, created, desiredAnnotation); }
  }

  /** Resolved maxSurge and maxUnavailable. */
  public record Fenceposts(int maxSurge, int maxUnavailable) {}

  /** Set {@code rs} to {@code to} replicas (from {@code from}). */
  public record Scale(String rs, int from, int to) {
    public boolean up() { return to > from; }
  }

  // ---------------------------------------------------------------- fenceposts

  /** intstr.GetScaledValueFromIntOrPercent: "25%" of total, rounded up or down; an int as is. */
  public static int scaled(String intOrPercent, int total, boolean roundUp) {
    String v = intOrPercent.trim();
    if (v.endsWith("%")) {
      int percent = Integer.parseInt(v.substring(0, v.length() - 1));
      long product = (long) percent * total;
      return (int) (roundUp ? (product + 99) / 100 : product / 100);
    }
    return Integer.parseInt(v);
  }

  /** ResolveFenceposts: surge rounds up, unavailable down; both zero → one may be unavailable. */
  public static Fenceposts fenceposts(String maxSurge, String maxUnavailable, int replicas) {
    int surge = scaled(maxSurge, replicas, true);
    int unavailable = scaled(maxUnavailable, replicas, false);
    if (surge == 0 && unavailable == 0) unavailable = 1;
    return new Fenceposts(surge, unavailable);
  }

  // ---------------------------------------------------------------- rolling update

  static int sumReplicas(List<Rs> sets) { return sets.stream().mapToInt(Rs::replicas).sum(); }

  static int sumAvailable(List<Rs> sets) { return sets.stream().mapToInt(Rs::available).sum(); }

  /** NewRSNewReplicas for a rolling update: scale the new set up as far as maxSurge allows. */
  public static int newReplicas(int replicas, Fenceposts f, int allReplicas, int newReplicas) {
    int maxTotal = replicas + f.maxSurge();
    if (allReplicas >= maxTotal) return newReplicas;
    int up = Math.min(maxTotal - allReplicas, replicas - newReplicas);
    return newReplicas + Math.max(0, up);
  }

  /**
   * One rolling-update step: scale the new set up (if maxSurge allows), else scale old sets
   * down (first their unhealthy replicas, then as far as maxUnavailable allows).
   */
  public static List<Scale> rollingStep(int replicas, Fenceposts f, Rs newRs, List<Rs> olds) {
    List<Rs> all = new ArrayList<>(olds);
    all.add(newRs);
    if (newRs.replicas() > replicas) return List.of(new Scale(newRs.name(), newRs.replicas(), replicas));
    if (newRs.replicas() < replicas) {
      int n = newReplicas(replicas, f, sumReplicas(all), newRs.replicas());
      if (n != newRs.replicas()) return List.of(new Scale(newRs.name(), newRs.replicas(), n));
    }
    return scaleDownOld(replicas, f, newRs, olds);
  }

  static List<Scale> scaleDownOld(int replicas, Fenceposts f, Rs newRs, List<Rs> olds) {
    if (sumReplicas(olds) == 0) return List.of();
    List<Rs> sorted = new ArrayList<>(olds);
    sorted.sort(Comparator.comparing(Rs::created).thenComparing(Rs::name)); // oldest first
    int allPods = sumReplicas(olds) + newRs.replicas();
    int minAvailable = replicas - f.maxUnavailable();
    int newUnavailable = newRs.replicas() - newRs.available();
    int maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return List.of();
    Map<String, Integer> size = new HashMap<>();
    for (Rs rs : sorted) size.put(rs.name(), rs.replicas());
    // Unhealthy replicas of old sets go first: they do not count as available anyway.
    int cleaned = 0;
    for (Rs rs : sorted) {
      if (cleaned >= maxScaledDown) break;
      int cur = size.get(rs.name());
      if (cur == 0 || rs.available() >= cur) continue;
      int down = Math.min(maxScaledDown - cleaned, cur - rs.available());
      size.put(rs.name(), cur - down);
      cleaned += down;
    }
    // Then healthy ones, as far as the available count stays at or above minAvailable.
    List<Rs> all = new ArrayList<>(olds);
    all.add(newRs);
    int available = sumAvailable(all);
    if (available > minAvailable) {
      int total = available - minAvailable;
      int done = 0;
      for (Rs rs : sorted) {
        if (done >= total) break;
        int cur = size.get(rs.name());
        if (cur == 0) continue;
        int down = Math.min(cur, total - done);
        size.put(rs.name(), cur - down);
        done += down;
      }
    }
    List<Scale> out = new ArrayList<>();
    for (Rs rs : sorted) if (size.get(rs.name()) != rs.replicas()) out.add(new Scale(rs.name(), rs.replicas(), size.get(rs.name())));
    return out;
  }

  // ---------------------------------------------------------------- recreate

  /** Recreate: old sets to zero, wait until their pods are gone, then the new set to full size. */
  public static List<Scale> recreateStep(int replicas, Optional<Rs> newRs, List<Rs> olds) {
    List<Scale> down = new ArrayList<>();
    for (Rs rs : olds) if (rs.replicas() > 0) down.add(new Scale(rs.name(), rs.replicas(), 0));
    if (!down.isEmpty()) return down;
    if (olds.stream().anyMatch(rs -> rs.current() > 0)) return List.of();
    if (newRs.isPresent() && newRs.get().replicas() != replicas) {
      return List.of(new Scale(newRs.get().name(), newRs.get().replicas(), replicas));
    }
    return List.of();
  }

  /** Recreate creates the new set only once the old pods are gone. */
  public static boolean recreateMayCreateNew(List<Rs> olds) {
    return olds.stream().allMatch(rs -> rs.replicas() == 0 && rs.current() == 0);
  }

  // ---------------------------------------------------------------- scaling events

  /** The deployment was resized: some active set was sized for another replica count. */
  public static boolean isScalingEvent(int replicas, List<Rs> active) {
    return active.stream().anyMatch(rs -> rs.desiredAnnotation().map(d -> d != replicas).orElse(false));
  }

  /**
   * dc.scale: a resize mid-rollout. One active set takes the whole count; a saturated new set
   * means old ones go to zero; otherwise the difference is spread in proportion to set sizes
   * (bigger sets first when scaling up, smaller first when scaling down), rounding leftovers to
   * the biggest set.
   */
  public static List<Scale> proportional(int replicas, Fenceposts f, Optional<Rs> newRs, List<Rs> olds, boolean rolling) {
    List<Rs> all = new ArrayList<>(olds);
    newRs.ifPresent(all::add);
    List<Rs> active = all.stream().filter(rs -> rs.replicas() > 0).toList();
    if (active.size() <= 1) {
      Optional<Rs> target = active.isEmpty()
          ? newRs.or(() -> olds.stream().max(Comparator.comparing(Rs::created)))
          : Optional.of(active.get(0));
      if (target.isEmpty() || target.get().replicas() == replicas) return List.of();
      return List.of(new Scale(target.get().name(), target.get().replicas(), replicas));
    }
    if (newRs.isPresent() && newRs.get().replicas() == replicas && newRs.get().available() == replicas) {
      List<Scale> out = new ArrayList<>();
      for (Rs rs : olds) if (rs.replicas() > 0) out.add(new Scale(rs.name(), rs.replicas(), 0));
      return out;
    }
    if (!rolling) return List.of();
    int allowed = replicas + f.maxSurge();
    int current = sumReplicas(active);
    int toAdd = allowed - current;
    if (toAdd == 0) return List.of();
    List<Rs> order = new ArrayList<>(active);
    Comparator<Rs> bySize = Comparator.comparingInt(Rs::replicas).thenComparing(Rs::created);
    order.sort(toAdd > 0 ? bySize.reversed() : bySize);
    Map<String, Integer> size = new HashMap<>();
    int added = 0;
    for (Rs rs : order) {
      int part = (int) Math.round((double) rs.replicas() * toAdd / current);
      if (Math.abs(added + part) > Math.abs(toAdd)) part = toAdd - added;
      size.put(rs.name(), Math.max(0, rs.replicas() + part));
      added += size.get(rs.name()) - rs.replicas();
    }
    if (added != toAdd) {
      Rs first = order.get(0);
      size.put(first.name(), Math.max(0, size.get(first.name()) + toAdd - added));
    }
    List<Scale> out = new ArrayList<>();
    for (Rs rs : order) if (size.get(rs.name()) != rs.replicas()) out.add(new Scale(rs.name(), rs.replicas(), size.get(rs.name())));
    return out;
  }

  // ---------------------------------------------------------------- status

  public record Counts(int replicas, int updatedReplicas, int readyReplicas, int availableReplicas, int unavailableReplicas) {}

  public static Counts counts(int replicas, Optional<Rs> newRs, List<Rs> all) {
    int total = all.stream().mapToInt(Rs::current).sum();
    int ready = all.stream().mapToInt(Rs::ready).sum();
    int available = sumAvailable(all);
    int updated = newRs.map(Rs::current).orElse(0);
    return new Counts(total, updated, ready, available, Math.max(0, replicas - available));
  }

  /** util.DeploymentComplete. */
  public static boolean complete(int replicas, Counts c, long observedGeneration, long generation) {
    return c.updatedReplicas() == replicas && c.replicas() == replicas && c.availableReplicas() == replicas
        && observedGeneration >= generation;
  }

  /** util.DeploymentProgressing: some progress since the last status. */
  public static boolean progressing(Counts now, Counts before, int oldReplicasNow, int oldReplicasBefore) {
    return now.updatedReplicas() > before.updatedReplicas() || oldReplicasNow < oldReplicasBefore
        || now.readyReplicas() > before.readyReplicas() || now.availableReplicas() > before.availableReplicas();
  }

  /** The revision the new set gets: one more than any other's. */
  public static long nextRevision(List<Rs> olds) {
    return olds.stream().mapToLong(Rs::revision).max().orElse(0) + 1;
  }

  /** Old sets beyond revisionHistoryLimit that may go: empty, oldest revisions first. */
  public static List<String> toCleanUp(List<Rs> olds, int limit) {
    List<Rs> empty = new ArrayList<>(olds.stream().filter(rs -> rs.replicas() == 0 && rs.current() == 0).toList());
    int diff = empty.size() - limit;
    if (diff <= 0) return List.of();
    empty.sort(Comparator.comparingLong(Rs::revision).thenComparing(Rs::created));
    return empty.subList(0, diff).stream().map(Rs::name).toList();
  }
}
