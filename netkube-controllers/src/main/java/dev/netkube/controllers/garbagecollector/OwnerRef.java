package dev.netkube.controllers.garbagecollector;

import java.util.Objects;

/** One metadata.ownerReferences entry, as the collector needs it. */
public record OwnerRef(String apiVersion, String kind, String name, String uid, boolean blockOwnerDeletion) {
  public OwnerRef {
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
  }

  /** The owner's coordinates: owners live in their dependent's namespace (or are cluster-scoped). */
  public ObjectRef ref(String dependentNamespace) {
    return new ObjectRef(apiVersion, kind, dependentNamespace, name);
  }
}
