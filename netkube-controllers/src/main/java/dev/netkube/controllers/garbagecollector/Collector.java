package dev.netkube.controllers.garbagecollector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The decisions of upstream's garbage collector, I/O-free: {@link #attemptToDelete} for an object
 * whose owners may be gone or deleting in the foreground, {@link #attemptToOrphan} for an owner
 * deleted with propagationPolicy Orphan. The graph tells which objects to look at; every decision
 * is taken on live reads ({@link Cluster#get}), as informers may lag behind the API server.
 */
public final class Collector {
  private static final int ABSENT_CACHE_SIZE = 1024;

  private enum OwnerState { SOLID, DANGLING, WAITING_FOR_DEPENDENTS }

  private final Graph graph;
  private final Cluster cluster;
  private final Queues queues;
  /** uids once found absent: uids are never reused, so absence is forever (upstream's absentOwnerCache). */
  private final Map<String, Boolean> absent = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) { return size() > ABSENT_CACHE_SIZE; }
  };

  public Collector(Graph graph, Cluster cluster, Queues queues) {
    this.graph = graph;
    this.cluster = cluster;
    this.queues = queues;
  }

  public Outcome attemptToDelete(String uid) {
    Optional<Graph.Node> found = graph.node(uid);
    if (found.isEmpty()) return new Outcome.Nothing("not in the graph");
    Graph.Node node = found.get();
    if (!node.observed()) {
      // A virtual owner: does it exist at all?
      if (live(node).isEmpty()) return forget(uid);
      return new Outcome.Nothing("exists; not seen by an informer yet");
    }
    if (node.deleting() && !node.deletingDependents()) return new Outcome.Nothing("being deleted");
    if (node.deletingDependents()) return processDeletingDependents(node);
    Optional<ObjectInfo> current = live(node);
    if (current.isEmpty()) return forget(uid);
    ObjectInfo obj = current.get();
    if (obj.deletingDependents()) return processDeletingDependents(node);
    if (obj.deleting()) return new Outcome.Nothing("being deleted");
    if (obj.owners().isEmpty()) return new Outcome.Nothing("no owners");

    Set<String> solid = new LinkedHashSet<>();
    Set<String> dangling = new LinkedHashSet<>();
    Set<String> waiting = new LinkedHashSet<>();
    for (OwnerRef owner : obj.owners()) {
      switch (ownerState(owner, obj.ref().namespace())) {
        case SOLID -> solid.add(owner.uid());
        case DANGLING -> dangling.add(owner.uid());
        case WAITING_FOR_DEPENDENTS -> waiting.add(owner.uid());
      }
    }
    if (!solid.isEmpty()) {
      if (dangling.isEmpty() && waiting.isEmpty()) return new Outcome.Nothing("has a living owner");
      Set<String> remove = new LinkedHashSet<>(dangling);
      remove.addAll(waiting);
      cluster.removeOwnerReferences(obj.ref(), uid, remove);
      return new Outcome.OwnerReferencesRemoved(obj.ref(), remove);
    }
    List<Graph.Node> dependents = graph.dependents(uid);
    if (!waiting.isEmpty() && !dependents.isEmpty()) {
      // An owner waits for this object, and it has dependents of its own: delete it in the
      // foreground too. If one of its dependents waits as well, this may be a cycle: stop blocking
      // the owners, so that they need not wait for each other forever.
      if (dependents.stream().anyMatch(Graph.Node::deletingDependents)) {
        cluster.unblockOwnerReferences(obj.ref(), uid, waiting);
      }
      cluster.delete(obj.ref(), uid, Propagation.FOREGROUND);
      return new Outcome.Deleted(obj.ref(), Propagation.FOREGROUND);
    }
    Propagation propagation = obj.finalizers().contains(ObjectInfo.ORPHAN) ? Propagation.ORPHAN
        : obj.finalizers().contains(ObjectInfo.FOREGROUND) ? Propagation.FOREGROUND
        : Propagation.BACKGROUND;
    cluster.delete(obj.ref(), uid, propagation);
    return new Outcome.Deleted(obj.ref(), propagation);
  }

  /** A foreground deletion: done once no dependent blocks it; otherwise push the blocking ones along. */
  private Outcome processDeletingDependents(Graph.Node node) {
    List<Graph.Node> blocking = graph.blockingDependents(node.uid());
    if (blocking.isEmpty()) {
      cluster.removeFinalizer(node.ref(), node.uid(), ObjectInfo.FOREGROUND);
      return new Outcome.FinalizerRemoved(node.ref(), ObjectInfo.FOREGROUND);
    }
    for (Graph.Node dep : blocking) {
      if (!dep.deletingDependents()) queues.attemptToDelete(dep.uid());
    }
    return new Outcome.WaitingForDependents(node.ref(), blocking.size());
  }

  public Outcome attemptToOrphan(String uid) {
    Optional<Graph.Node> found = graph.node(uid);
    if (found.isEmpty()) return new Outcome.Nothing("not in the graph");
    Graph.Node owner = found.get();
    Optional<ObjectInfo> current = live(owner);
    if (current.isEmpty() || !current.get().orphaningDependents()) return new Outcome.Nothing("not orphaning");
    List<Graph.Node> dependents = new ArrayList<>(graph.dependents(uid));
    for (Graph.Node dep : dependents) cluster.removeOwnerReferences(dep.ref(), dep.uid(), Set.of(uid));
    cluster.removeFinalizer(owner.ref(), uid, ObjectInfo.ORPHAN);
    return new Outcome.Orphaned(owner.ref(), dependents.size());
  }

  private OwnerState ownerState(OwnerRef owner, String namespace) {
    synchronized (absent) {
      if (absent.containsKey(owner.uid())) return OwnerState.DANGLING;
    }
    Optional<ObjectInfo> obj = cluster.get(owner.ref(namespace)).filter(o -> o.uid().equals(owner.uid()));
    if (obj.isEmpty()) {
      synchronized (absent) {
        absent.put(owner.uid(), Boolean.TRUE);
      }
      return OwnerState.DANGLING;
    }
    return obj.get().deletingDependents() ? OwnerState.WAITING_FOR_DEPENDENTS : OwnerState.SOLID;
  }

  /** The node's object as the API server has it, if it is still this object (same uid). */
  private Optional<ObjectInfo> live(Graph.Node node) {
    return cluster.get(node.ref()).filter(o -> o.uid().equals(node.uid()));
  }

  private Outcome forget(String uid) {
    synchronized (absent) {
      absent.put(uid, Boolean.TRUE);
    }
    graph.remove(uid);
    return new Outcome.Absent(uid);
  }
}
