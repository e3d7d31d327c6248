package dev.netkube.controllers.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduler's incremental view of the cluster (upstream's cache): nodes and the pods bound to
 * them, plus pods "assumed" on a node as soon as they are chosen, before their binding returns, so
 * the next decision already counts them. A bound pod seen by the informer confirms its assumption;
 * a failed binding forgets it.
 */
public final class SchedulerCache {
  private final Map<String, NodeInfo> nodes = new LinkedHashMap<>();
  /** pod key → node name, for every pod counted (bound or assumed). */
  private final Map<String, String> podNodes = new HashMap<>();
  private final Map<String, String> assumed = new HashMap<>();
  private List<NodeInfo> order = List.of();
  private boolean orderDirty = true;

  public synchronized void upsertNode(SchedNode node) {
    NodeInfo info = nodes.computeIfAbsent(node.name(), n -> { orderDirty = true; return new NodeInfo(n); });
    if (info.node().isEmpty()) orderDirty = true;
    info.setNode(Optional.of(node));
  }

  public synchronized void removeNode(String name) {
    NodeInfo info = nodes.get(name);
    if (info == null) return;
    info.setNode(Optional.empty());
    if (info.empty()) nodes.remove(name);
    orderDirty = true;
  }

  /** A pod bound to a node (spec.nodeName set), added or changed; confirms an assumption. */
  public synchronized void upsertPod(SchedPod pod) {
    assumed.remove(pod.key());
    String was = podNodes.get(pod.key());
    if (was != null && !was.equals(pod.nodeName())) remove(pod.key(), was);
    add(pod);
  }

  /** A bound pod is gone (deleted or terminal). */
  public synchronized void removePod(String key) {
    assumed.remove(key);
    String was = podNodes.remove(key);
    if (was != null) remove(key, was);
  }

  /** Counts {@code pod} on {@code node} before its binding is written. */
  public synchronized void assume(SchedPod pod, String node) {
    add(pod.withNodeName(node));
    assumed.put(pod.key(), node);
  }

  /** The binding failed: the assumed pod no longer counts. */
  public synchronized void forget(String key) {
    String node = assumed.remove(key);
    if (node != null && node.equals(podNodes.get(key))) {
      podNodes.remove(key);
      remove(key, node);
    }
  }

  public synchronized boolean isAssumed(String key) { return assumed.containsKey(key); }

  public synchronized Optional<String> nodeOf(String key) { return Optional.ofNullable(podNodes.get(key)); }

  public synchronized int nodeCount() {
    return (int) nodes.values().stream().filter(n -> n.node().isPresent()).count();
  }

  public synchronized Optional<NodeInfo> node(String name) { return Optional.ofNullable(nodes.get(name)); }

  /** Nodes known with their Node object, in a stable order; call under the cache's lock. */
  List<NodeInfo> schedulableNodes() {
    if (orderDirty) {
      List<NodeInfo> list = new ArrayList<>();
      for (NodeInfo n : nodes.values()) if (n.node().isPresent()) list.add(n);
      order = list;
      orderDirty = false;
    }
    return order;
  }

  private void add(SchedPod pod) {
    podNodes.put(pod.key(), pod.nodeName());
    nodes.computeIfAbsent(pod.nodeName(), n -> { orderDirty = true; return new NodeInfo(n); }).addPod(pod);
  }

  private void remove(String key, String node) {
    NodeInfo info = nodes.get(node);
    if (info == null) return;
    info.removePod(key);
    if (info.empty()) {
      nodes.remove(node);
      orderDirty = true;
    }
  }
}
