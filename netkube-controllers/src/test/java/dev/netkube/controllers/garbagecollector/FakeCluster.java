package dev.netkube.controllers.garbagecollector;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An in-memory API server with kube-apiserver's delete rules (propagationPolicy → finalizers,
 * finalizers hold a deleted object) whose every change is fed to the graph at once, as an
 * informer without lag would; and the collector's two queues, drained until quiet.
 */
final class FakeCluster implements Cluster, Queues {
  final Map<String, ObjectInfo> objects = new LinkedHashMap<>();
  final List<String> deletionOrder = new ArrayList<>();
  final Graph graph = new Graph(this);
  final Collector collector = new Collector(graph, this, this);
  private final ArrayDeque<String> deleteQueue = new ArrayDeque<>();
  private final ArrayDeque<String> orphanQueue = new ArrayDeque<>();
  /** When false, changes are not fed to the graph (an informer that has not caught up). */
  boolean informing = true;

  ObjectInfo create(String kind, String name, OwnerRef... owners) {
    return create(kind, name, Set.of(), owners);
  }

  ObjectInfo create(String kind, String name, Set<String> finalizers, OwnerRef... owners) {
    ObjectInfo obj = new ObjectInfo(new ObjectRef(apiVersion(kind), kind, "default", name), UUID.randomUUID().toString(),
        List.of(owners), false, finalizers);
    objects.put(obj.uid(), obj);
    if (informing) graph.observe(obj);
    return obj;
  }

  static OwnerRef owner(ObjectInfo obj, boolean block) {
    return new OwnerRef(obj.ref().apiVersion(), obj.ref().kind(), obj.ref().name(), obj.uid(), block);
  }

  private static String apiVersion(String kind) {
    return switch (kind) {
      case "Deployment", "ReplicaSet" -> "apps/v1";
      default -> "v1";
    };
  }

  /** What a user's delete does (kubectl delete --cascade=...). */
  void userDelete(ObjectInfo obj, Propagation propagation) { delete(obj.ref(), obj.uid(), propagation); }

  boolean exists(ObjectInfo obj) { return objects.containsKey(obj.uid()); }

  ObjectInfo current(ObjectInfo obj) { return objects.get(obj.uid()); }

  /** Runs both queues until they are empty; returns the number of attempts. */
  int drain() {
    int steps = 0;
    while (!deleteQueue.isEmpty() || !orphanQueue.isEmpty()) {
      if (++steps > 10_000) throw new AssertionError("the collector does not settle");
      if (!orphanQueue.isEmpty()) collector.attemptToOrphan(orphanQueue.poll());
      else collector.attemptToDelete(deleteQueue.poll());
    }
    return steps;
  }

  // ------------------------------------------------------------------ Queues

  @Override
  public void attemptToDelete(String uid) { if (!deleteQueue.contains(uid)) deleteQueue.add(uid); }

  @Override
  public void attemptToOrphan(String uid) { if (!orphanQueue.contains(uid)) orphanQueue.add(uid); }

  // ------------------------------------------------------------------ Cluster

  @Override
  public Optional<ObjectInfo> get(ObjectRef ref) {
    return objects.values().stream().filter(o -> o.ref().equals(ref)).findFirst();
  }

  @Override
  public void delete(ObjectRef ref, String uid, Propagation propagation) {
    ObjectInfo obj = objects.get(uid);
    if (obj == null) return;
    Set<String> finalizers = new LinkedHashSet<>(obj.finalizers());
    if (propagation == Propagation.FOREGROUND) {
      finalizers.remove(ObjectInfo.ORPHAN);
      finalizers.add(ObjectInfo.FOREGROUND);
    } else if (propagation == Propagation.ORPHAN) {
      finalizers.remove(ObjectInfo.FOREGROUND);
      finalizers.add(ObjectInfo.ORPHAN);
    } else {
      finalizers.remove(ObjectInfo.ORPHAN);
      finalizers.remove(ObjectInfo.FOREGROUND);
    }
    write(new ObjectInfo(obj.ref(), uid, obj.owners(), true, finalizers));
  }

  @Override
  public void removeOwnerReferences(ObjectRef ref, String uid, Set<String> ownerUids) {
    ObjectInfo obj = objects.get(uid);
    if (obj == null) return;
    List<OwnerRef> owners = obj.owners().stream().filter(o -> !ownerUids.contains(o.uid())).toList();
    write(new ObjectInfo(obj.ref(), uid, owners, obj.deleting(), obj.finalizers()));
  }

  @Override
  public void unblockOwnerReferences(ObjectRef ref, String uid, Set<String> ownerUids) {
    ObjectInfo obj = objects.get(uid);
    if (obj == null) return;
    List<OwnerRef> owners = obj.owners().stream()
        .map(o -> ownerUids.contains(o.uid()) ? new OwnerRef(o.apiVersion(), o.kind(), o.name(), o.uid(), false) : o)
        .toList();
    write(new ObjectInfo(obj.ref(), uid, owners, obj.deleting(), obj.finalizers()));
  }

  @Override
  public void removeFinalizer(ObjectRef ref, String uid, String finalizer) {
    ObjectInfo obj = objects.get(uid);
    if (obj == null) return;
    Set<String> finalizers = new HashSet<>(obj.finalizers());
    finalizers.remove(finalizer);
    write(new ObjectInfo(obj.ref(), uid, obj.owners(), obj.deleting(), finalizers));
  }

  /** Stores a change; a deleted object without finalizers goes. */
  private void write(ObjectInfo obj) {
    if (obj.deleting() && obj.finalizers().isEmpty()) {
      objects.remove(obj.uid());
      deletionOrder.add(obj.ref().name());
      if (informing) graph.remove(obj.uid());
      return;
    }
    objects.put(obj.uid(), obj);
    if (informing) graph.observe(obj);
  }
}
