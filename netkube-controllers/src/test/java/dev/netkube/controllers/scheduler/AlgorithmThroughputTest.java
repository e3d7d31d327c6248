package dev.netkube.controllers.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The core's decision rate, 50,000 pods on 100 nodes: -Dnetkube.bench=true to run. */
@EnabledIfSystemProperty(named = "netkube.bench", matches = "true")
class AlgorithmThroughputTest {
  @Test
  void fiftyThousandPodsOnAHundredNodes() {
    SchedulerCache cache = new SchedulerCache();
    for (int i = 0; i < 100; i++) {
      cache.upsertNode(new SchedNode("node-" + i, Map.of("kubernetes.io/hostname", "node-" + i), List.of(), false,
          new Resources(32_000, 256L << 30), 1000));
    }
    Algorithm algorithm = new Algorithm(new SplittableRandom(1));
    long t0 = System.nanoTime();
    int placed = 0;
    for (int i = 0; i < 50_000; i++) {
      SchedPod p = new SchedPod("default/p" + i, "u" + i, "", Map.of(), List.of(), List.of(), new Resources(100, 64L << 20),
          List.of(), 0, "PreemptLowerPriority");
      if (algorithm.schedule(p, cache) instanceof Algorithm.Scheduled s) {
        cache.assume(p, s.node());
        placed++;
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("scheduler core: %d pods in %.2f s = %.0f pods/s%n", placed, seconds, placed / seconds);
    assertThat(placed).isEqualTo(32_000); // 320 × 100m per node
  }
}
