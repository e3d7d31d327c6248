package dev.netkube.controllers.nodelifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The node lifecycle controller's core, pure: from what it observes of a node (its conditions,
 * taints, spec.unschedulable and its Lease's renewTime) and the local time, what the node's
 * conditions and taints should become. A heartbeat is a change of the Lease's renewTime or of
 * Ready's lastHeartbeatTime, timed by this controller's clock (as upstream's probeTimestamp);
 * none for the grace period (the startup grace period for a node that never posted Ready) makes
 * every condition Unknown. Taints follow the conditions:
 * Ready=False → not-ready, Ready=Unknown → unreachable (NoSchedule and NoExecute), pressure
 * conditions and spec.unschedulable → their NoSchedule taints.
 */
public final class NodeHealth {
  public static final String NOT_READY = "node.kubernetes.io/not-ready";
  public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  static final List<String> CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");
  /** Condition type → (status that taints, NoSchedule taint key), as upstream's nodeConditionToTaintKeyStatusMap. */
  static final Map<String, String[]> NO_SCHEDULE = new LinkedHashMap<>();

  static {
    NO_SCHEDULE.put("MemoryPressure", new String[] {"True", "node.kubernetes.io/memory-pressure"});
    NO_SCHEDULE.put("DiskPressure", new String[] {"True", "node.kubernetes.io/disk-pressure"});
    NO_SCHEDULE.put("NetworkUnavailable", new String[] {"True", "node.kubernetes.io/network-unavailable"});
    NO_SCHEDULE.put("PIDPressure", new String[] {"True", "node.kubernetes.io/pid-pressure"});
  }

  static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

  public record Condition(String type, String status, String reason, String message,
      Optional<Instant> lastHeartbeatTime, Optional<Instant> lastTransitionTime) {}

  public record Taint(String key, String value, String effect, Optional<Instant> timeAdded) {
    boolean same(Taint o) { return key.equals(o.key) && effect.equals(o.effect); }
  }

  /** What the controller sees of a node. */
  public record Observed(String name, Instant created, List<Condition> conditions, List<Taint> taints,
      boolean unschedulable, Optional<Instant> leaseRenewTime) {
    Optional<Condition> condition(String type) {
      return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }
  }

  /**
   * What to write: new conditions (empty: unchanged) and taints (empty: unchanged), and Ready as
   * the node posted it and as it is after this verdict. {@code becameNotReady}: this controller
   * itself turns a Ready node's condition Unknown (upstream's "observed True, current not True"),
   * the only case in which it records NodeNotReady and marks the node's pods not ready; a kubelet
   * that posts Ready=False is alive and manages its pods' readiness itself.
   */
  public record Verdict(Optional<List<Condition>> conditions, Optional<List<Taint>> taints, String readyBefore,
      String readyAfter, boolean becameNotReady) {}

  private record Probe(Optional<Instant> renew, Optional<Instant> heartbeat, Instant at) {}

  private final Duration gracePeriod;
  private final Duration startupGracePeriod;
  private final Map<String, Probe> probes = new HashMap<>();
  /** Ready after the last committed verdict: a cache that has not yet seen our Unknown write is no second transition. */
  private final Map<String, String> lastReady = new HashMap<>();

  /** Upstream's --node-monitor-grace-period and --node-startup-grace-period. */
  public NodeHealth(Duration gracePeriod, Duration startupGracePeriod) {
    this.gracePeriod = gracePeriod;
    this.startupGracePeriod = startupGracePeriod;
  }

  public synchronized void forget(String node) {
    probes.remove(node);
    lastReady.remove(node);
  }

  /** The verdict's writes succeeded: its Ready status is what the next transition is measured from. */
  public synchronized void committed(String node, Verdict verdict) { lastReady.put(node, verdict.readyAfter()); }

  public synchronized Verdict evaluate(Observed node, Instant now) {
    Optional<Instant> heartbeat = node.condition("Ready").flatMap(Condition::lastHeartbeatTime);
    Probe probe = probes.get(node.name());
    if (probe == null || !probe.renew().equals(node.leaseRenewTime()) || !probe.heartbeat().equals(heartbeat)) {
      probe = new Probe(node.leaseRenewTime(), heartbeat, now);
      probes.put(node.name(), probe);
    }
    List<Condition> conditions = node.conditions();
    Optional<List<Condition>> newConditions = Optional.empty();
    Duration grace = node.condition("Ready").isPresent() ? gracePeriod : startupGracePeriod;
    if (now.isAfter(probe.at().plus(grace))) {
      List<Condition> next = unknown(node, now);
      if (!next.equals(conditions)) {
        newConditions = Optional.of(next);
        conditions = next;
      }
    }
    String ready = conditions.stream().filter(c -> c.type().equals("Ready")).map(Condition::status).findFirst().orElse("Unknown");
    String posted = node.condition("Ready").map(Condition::status).orElse("Unknown");
    boolean became = posted.equals("True") && !ready.equals("True") && !ready.equals(lastReady.get(node.name()));
    List<Taint> wanted = taints(node, conditions, now);
    Optional<List<Taint>> newTaints = sameTaints(wanted, node.taints()) ? Optional.empty() : Optional.of(wanted);
    return new Verdict(newConditions, newTaints, posted, ready, became);
  }

  /** Every condition Unknown: "Kubelet stopped posting node status.", or never posted. */
  private static List<Condition> unknown(Observed node, Instant now) {
    List<Condition> out = new ArrayList<>();
    for (Condition c : node.conditions()) {
      if (CONDITIONS.contains(c.type()) && !c.status().equals("Unknown")) {
        out.add(new Condition(c.type(), "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.",
            c.lastHeartbeatTime(), Optional.of(now)));
      } else {
        out.add(c);
      }
    }
    for (String type : CONDITIONS) {
      if (node.condition(type).isEmpty()) {
        out.add(new Condition(type, "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status.",
            Optional.of(node.created()), Optional.of(now)));
      }
    }
    return out;
  }

  private static List<Taint> taints(Observed node, List<Condition> conditions, Instant now) {
    Map<String, String> status = new HashMap<>();
    for (Condition c : conditions) status.put(c.type(), c.status());
    // A node that has not posted a Ready condition yet gets no Ready taints until the grace period makes it Unknown.
    String ready = status.getOrDefault("Ready", "");
    List<Taint> managed = new ArrayList<>();
    if (ready.equals("False")) {
      managed.add(new Taint(NOT_READY, "", "NoSchedule", Optional.of(now)));
      managed.add(new Taint(NOT_READY, "", "NoExecute", Optional.of(now)));
    } else if (ready.equals("Unknown")) {
      managed.add(new Taint(UNREACHABLE, "", "NoSchedule", Optional.of(now)));
      managed.add(new Taint(UNREACHABLE, "", "NoExecute", Optional.of(now)));
    }
    NO_SCHEDULE.forEach((type, rule) -> {
      if (rule[0].equals(status.get(type))) managed.add(new Taint(rule[1], "", "NoSchedule", Optional.of(now)));
    });
    if (node.unschedulable()) managed.add(new Taint(UNSCHEDULABLE, "", "NoSchedule", Optional.of(now)));
    List<Taint> out = new ArrayList<>();
    for (Taint t : node.taints()) {
      if (!isManaged(t)) {
        out.add(t);
      } else if (managed.stream().anyMatch(t::same)) {
        out.add(t); // keeps its timeAdded
      }
    }
    for (Taint m : managed) if (out.stream().noneMatch(m::same)) out.add(m);
    return out;
  }

  static boolean isManaged(Taint t) {
    if (t.key().equals(NOT_READY) || t.key().equals(UNREACHABLE)) return t.effect().equals("NoSchedule") || t.effect().equals("NoExecute");
    if (!t.effect().equals("NoSchedule")) return false;
    if (t.key().equals(UNSCHEDULABLE)) return true;
    for (String[] rule : NO_SCHEDULE.values()) if (rule[1].equals(t.key())) return true;
    return false;
  }

  private static boolean sameTaints(List<Taint> a, List<Taint> b) {
    if (a.size() != b.size()) return false;
    for (Taint t : a) if (b.stream().noneMatch(o -> o.same(t) && Objects.equals(o.value(), t.value()))) return false;
    return true;
  }
}
