package dev.netkube.controllers.nodelifecycle;

import dev.netkube.controllers.scheduler.Toleration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The taint eviction controller's core, pure: a pod on a node with NoExecute taints is deleted
 * at once when it does not tolerate one of them, never when the tolerations it uses have no
 * tolerationSeconds, else when the shortest tolerationSeconds among them (upstream's
 * getMinTolerationTime) has passed since the taint was added.
 */
public final class TaintEviction {
  private TaintEviction() {}

  public sealed interface Decision permits Keep, EvictAt {}

  public record Keep() implements Decision {}

  public record EvictAt(Instant when) implements Decision {}

  public static Decision decide(List<Toleration> tolerations, List<NodeHealth.Taint> taints, Instant now) {
    Optional<Instant> due = Optional.empty();
    for (NodeHealth.Taint t : taints) {
      if (!t.effect().equals("NoExecute")) continue;
      dev.netkube.controllers.scheduler.Taint st = new dev.netkube.controllers.scheduler.Taint(t.key(), t.value(), t.effect());
      long seconds = Long.MAX_VALUE;
      boolean tolerated = false;
      for (Toleration tol : tolerations) {
        if (!tol.tolerates(st)) continue;
        tolerated = true;
        long s = tol.tolerationSeconds().isPresent() ? Math.max(0, tol.tolerationSeconds().getAsLong()) : Long.MAX_VALUE;
        seconds = Math.min(seconds, s);
      }
      if (!tolerated) return new EvictAt(now);
      if (seconds == Long.MAX_VALUE) continue;
      Instant when = t.timeAdded().orElse(now).plus(Duration.ofSeconds(seconds));
      if (due.isEmpty() || when.isBefore(due.get())) due = Optional.of(when);
    }
    return due.<Decision>map(EvictAt::new).orElse(new Keep());
  }
}
