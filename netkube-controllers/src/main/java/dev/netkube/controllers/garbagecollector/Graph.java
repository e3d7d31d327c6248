package dev.netkube.controllers.garbagecollector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The dependency graph of upstream's GraphBuilder: a node per uid with its owners (as its
 * ownerReferences say) and its dependents (the nodes that name it). An owner named by some
 * dependent but not (yet) seen by any informer is a virtual node: the collector verifies it
 * against the API server, since a dependent whose owners are all gone must go too.
 *
 * <p>Fed by informer events ({@link #observe}, {@link #remove}); every change that may call for
 * work sends uids to {@link Queues}. Thread-safe: informers of several types feed it, workers read it.
 */
public final class Graph {
  /** An immutable view of one node. {@code observed} is false for a virtual node. */
  public record Node(ObjectRef ref, String uid, List<OwnerRef> owners, Set<String> dependents, boolean observed,
      boolean deleting, boolean deletingDependents) {
    /** The owner reference naming {@code ownerUid}, if any. */
    public Optional<OwnerRef> ownerRef(String ownerUid) {
      return owners.stream().filter(o -> o.uid().equals(ownerUid)).findFirst();
    }
  }

  private static final class Entry {
    ObjectRef ref;
    final String uid;
    List<OwnerRef> owners = List.of();
    final Set<String> dependents = new LinkedHashSet<>();
    boolean observed;
    boolean deleting;
    boolean deletingDependents;

    Entry(ObjectRef ref, String uid) {
      this.ref = ref;
      this.uid = uid;
    }

    Node view() {
      return new Node(ref, uid, owners, Set.copyOf(dependents), observed, deleting, deletingDependents);
    }
  }

  private final Map<String, Entry> nodes = new HashMap<>();
  private final Queues queues;

  public Graph(Queues queues) { this.queues = Objects.requireNonNull(queues, "queues"); }

  /** An object was added or changed (informer add/update). */
  public void observe(ObjectInfo info) {
    List<String> toDelete = new ArrayList<>();
    List<String> toOrphan = new ArrayList<>();
    synchronized (this) {
      Entry node = nodes.get(info.uid());
      boolean fresh = node == null || !node.observed;
      if (node == null) {
        node = new Entry(info.ref(), info.uid());
        nodes.put(info.uid(), node);
      }
      node.observed = true;
      node.ref = info.ref();
      List<OwnerRef> before = node.owners;
      for (OwnerRef old : before) {
        if (info.owners().contains(old)) continue;
        Entry owner = nodes.get(old.uid());
        if (owner == null) continue;
        boolean stillOwner = info.owners().stream().anyMatch(o -> o.uid().equals(old.uid()));
        if (!stillOwner) {
          owner.dependents.remove(node.uid);
          dropIfUnusedVirtual(owner);
        }
        // A reference gone or no longer blocking may be what a foreground deletion waits for.
        if (owner.deletingDependents) toDelete.add(owner.uid);
      }
      for (OwnerRef o : info.owners()) {
        Entry owner = nodes.get(o.uid());
        if (owner == null) {
          owner = new Entry(o.ref(info.ref().namespace()), o.uid());
          nodes.put(o.uid(), owner);
          toDelete.add(o.uid()); // verify the virtual owner exists
        }
        owner.dependents.add(node.uid);
      }
      node.owners = info.owners();
      boolean wasDeletingDependents = node.deletingDependents;
      node.deleting = info.deleting();
      node.deletingDependents = info.deletingDependents();
      // Idempotent work, and the queue merges repeats: no need to track the transition.
      if (info.orphaningDependents()) toOrphan.add(node.uid);
      if (node.deletingDependents && (fresh || !wasDeletingDependents)) {
        toDelete.addAll(node.dependents);
        toDelete.add(node.uid);
      }
    }
    toDelete.forEach(queues::attemptToDelete);
    toOrphan.forEach(queues::attemptToOrphan);
  }

  /**
   * An object is gone (informer delete, or the collector found it absent): its dependents may now
   * be orphans, and an owner deleting in the foreground may have one blocker less.
   */
  public void remove(String uid) {
    List<String> toDelete = new ArrayList<>();
    synchronized (this) {
      Entry node = nodes.remove(uid);
      if (node == null) return;
      for (OwnerRef o : node.owners) {
        Entry owner = nodes.get(o.uid());
        if (owner == null) continue;
        owner.dependents.remove(uid);
        if (owner.deletingDependents) toDelete.add(owner.uid);
        dropIfUnusedVirtual(owner);
      }
      toDelete.addAll(node.dependents);
    }
    toDelete.forEach(queues::attemptToDelete);
  }

  /** A virtual node that no dependent names any more is forgotten. */
  private void dropIfUnusedVirtual(Entry owner) {
    if (!owner.observed && owner.dependents.isEmpty()) nodes.remove(owner.uid);
  }

  public synchronized Optional<Node> node(String uid) {
    return Optional.ofNullable(nodes.get(uid)).map(Entry::view);
  }

  /** The dependents of a node (those the graph has seen). */
  public synchronized List<Node> dependents(String uid) {
    Entry node = nodes.get(uid);
    if (node == null) return List.of();
    List<Node> out = new ArrayList<>();
    for (String d : node.dependents) {
      Entry dep = nodes.get(d);
      if (dep != null) out.add(dep.view());
    }
    return out;
  }

  /** The dependents whose reference to this node has blockOwnerDeletion: a foreground deletion waits for them. */
  public List<Node> blockingDependents(String uid) {
    return dependents(uid).stream()
        .filter(d -> d.ownerRef(uid).map(OwnerRef::blockOwnerDeletion).orElse(false))
        .toList();
  }

  public synchronized int size() { return nodes.size(); }
}
