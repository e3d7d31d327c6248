package dev.netkube.controllers.runtime;

/** Brings one object (by "namespace/name" key, or "name" when cluster-scoped) to its wanted state. */
@FunctionalInterface
public interface Reconciler {
  /** Throwing retries the key with back-off. */
  Result reconcile(String key) throws Exception;
}
