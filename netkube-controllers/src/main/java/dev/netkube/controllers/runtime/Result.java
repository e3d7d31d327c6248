package dev.netkube.controllers.runtime;

import java.time.Duration;

/** What a reconcile pass asks of its loop. */
public sealed interface Result permits Result.Done, Result.RequeueAfter {
  Result DONE = new Done();

  static Result requeueAfter(Duration delay) { return new RequeueAfter(delay); }

  /** Converged (until the next change). */
  record Done() implements Result {}

  /** Look again later, e.g. when a grace period or a back-off ends. */
  record RequeueAfter(Duration delay) implements Result {}
}
