package dev.netkube.bench;

import dev.netkube.controllers.scheduler.Algorithm;
import dev.netkube.controllers.scheduler.Resources;
import dev.netkube.controllers.scheduler.SchedNode;
import dev.netkube.controllers.scheduler.SchedPod;
import dev.netkube.controllers.scheduler.SchedulerCache;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The scheduler's pure core alone, no API server: decisions per second placing PODS pods of 100m
 * on NODES nodes of 32 CPUs (filters, scores and assumptions, as the scheduling thread runs them).
 * The limit the end-to-end figure of bench/controlplane.sh is measured against.
 */
final class SchedulerCoreBench {
  private SchedulerCoreBench() {}

  static void run(int nodes, int pods) {
    for (int round = 0; round < 3; round++) { // the first rounds warm the JIT up
      SchedulerCache cache = new SchedulerCache();
      for (int i = 0; i < nodes; i++) {
        cache.upsertNode(new SchedNode("node-" + i, Map.of("kubernetes.io/hostname", "node-" + i), List.of(), false,
            new Resources(32_000, 256L << 30), 1000));
      }
      Algorithm algorithm = new Algorithm(new SplittableRandom(1));
      long t0 = System.nanoTime();
      int placed = 0;
      for (int i = 0; i < pods; i++) {
        SchedPod p = new SchedPod("default/p" + i, "u" + i, "", Map.of(), List.of(), List.of(), new Resources(100, 64L << 20),
            List.of(), 0, "PreemptLowerPriority");
        if (algorithm.schedule(p, cache) instanceof Algorithm.Scheduled s) {
          cache.assume(p, s.node());
          placed++;
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (round == 2) {
        System.out.printf("{\"bench\":\"scheduler-core\",\"nodes\":%d,\"pods\":%d,\"placed\":%d,\"seconds\":%.2f,"
            + "\"podsPerSecond\":%.0f}%n", nodes, pods, placed, seconds, placed / seconds);
      }
    }
  }
}
