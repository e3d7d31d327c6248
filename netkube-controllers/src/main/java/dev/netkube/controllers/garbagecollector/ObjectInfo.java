package dev.netkube.controllers.garbagecollector;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/** What the collector knows of one object: identity, owners, and whether and how it is being deleted. */
public record ObjectInfo(ObjectRef ref, String uid, List<OwnerRef> owners, boolean deleting, Set<String> finalizers) {
  public static final String FOREGROUND = "foregroundDeletion";
  public static final String ORPHAN = "orphan";

  public ObjectInfo {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(uid, "uid");
    owners = List.copyOf(owners);
    finalizers = Set.copyOf(finalizers);
  }

  /** Deleted in the foreground: waits for its blocking dependents to go first. */
  public boolean deletingDependents() { return deleting && finalizers.contains(FOREGROUND); }

  /** Deleted with propagationPolicy Orphan: its dependents lose their references to it first. */
  public boolean orphaningDependents() { return deleting && finalizers.contains(ORPHAN); }
}
