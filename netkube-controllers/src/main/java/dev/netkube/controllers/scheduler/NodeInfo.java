package dev.netkube.controllers.scheduler;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A node and what the pods on it (bound or assumed) take of it. Mutated only by {@link SchedulerCache}. */
public final class NodeInfo {
  private final String name;
  private Optional<SchedNode> node = Optional.empty();
  private final Map<String, SchedPod> pods = new HashMap<>();
  private final Map<HostPort, Integer> usedPorts = new HashMap<>();
  private Resources requested = Resources.ZERO;
  private Resources nonZeroRequested = Resources.ZERO;

  NodeInfo(String name) { this.name = name; }

  public String name() { return name; }

  public Optional<SchedNode> node() { return node; }

  public Resources requested() { return requested; }

  Resources nonZeroRequested() { return nonZeroRequested; }

  public int podCount() { return pods.size(); }

  Map<HostPort, Integer> usedPorts() { return usedPorts; }

  boolean hasPod(String key) { return pods.containsKey(key); }

  void setNode(Optional<SchedNode> n) { node = n; }

  void addPod(SchedPod p) {
    if (pods.containsKey(p.key())) removePod(p.key());
    pods.put(p.key(), p);
    requested = requested.plus(p.requests());
    nonZeroRequested = nonZeroRequested.plus(p.requests().nonZero());
    for (HostPort hp : p.hostPorts()) usedPorts.merge(hp, 1, Integer::sum);
  }

  void removePod(String key) {
    SchedPod p = pods.remove(key);
    if (p == null) return;
    requested = requested.minus(p.requests());
    nonZeroRequested = nonZeroRequested.minus(p.requests().nonZero());
    for (HostPort hp : p.hostPorts()) usedPorts.computeIfPresent(hp, (k, n) -> n == 1 ? null : n - 1);
  }

  boolean empty() { return node.isEmpty() && pods.isEmpty(); }
}
