package dev.netkube.controllers.garbagecollector;

import java.util.Optional;
import java.util.Set;

/**
 * The collector's view of the API server, live (never a cache: informers lag, and deciding on a
 * stale view deletes what must stay). Writes name the object's uid as a precondition; an object
 * that is gone, or is another object by now, is not an error (nothing to do).
 */
public interface Cluster {
  /** The object as the API server has it now; empty when it does not exist. */
  Optional<ObjectInfo> get(ObjectRef ref);

  void delete(ObjectRef ref, String uid, Propagation propagation);

  /** Removes the ownerReferences with these uids. */
  void removeOwnerReferences(ObjectRef ref, String uid, Set<String> ownerUids);

  /** Sets blockOwnerDeletion=false on the ownerReferences with these uids. */
  void unblockOwnerReferences(ObjectRef ref, String uid, Set<String> ownerUids);

  void removeFinalizer(ObjectRef ref, String uid, String finalizer);
}
