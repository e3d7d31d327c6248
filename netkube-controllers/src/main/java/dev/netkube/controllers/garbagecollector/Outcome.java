package dev.netkube.controllers.garbagecollector;

import java.util.Set;

/** What one attempt of the collector did (for logs and tests; the work itself is done through {@link Cluster}). */
public sealed interface Outcome {
  /** Nothing to do: the object has a living owner, is being deleted by someone else, is unknown, ... */
  record Nothing(String why) implements Outcome {}

  /** The object was not found (or is another object by now): forgotten, its dependents queued. */
  record Absent(String uid) implements Outcome {}

  record Deleted(ObjectRef ref, Propagation propagation) implements Outcome {}

  /** References to owners that are gone or deleting in the foreground were removed; living owners keep it. */
  record OwnerReferencesRemoved(ObjectRef ref, Set<String> ownerUids) implements Outcome {}

  /** A foreground deletion still waits for these many blocking dependents. */
  record WaitingForDependents(ObjectRef ref, int blocking) implements Outcome {}

  record FinalizerRemoved(ObjectRef ref, String finalizer) implements Outcome {}

  /** Orphan deletion: this many dependents lost their reference, then the "orphan" finalizer went. */
  record Orphaned(ObjectRef ref, int dependents) implements Outcome {}
}
