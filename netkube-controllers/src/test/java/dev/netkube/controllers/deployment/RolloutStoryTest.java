package dev.netkube.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.controllers.deployment.DeploymentCore.Fenceposts;
import dev.netkube.controllers.deployment.DeploymentCore.Rs;
import dev.netkube.controllers.deployment.DeploymentCore.Scale;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Rolling updates as stories: each step is one deployment sync, then the ReplicaSet controller
 * brings pods to each set's size; pods made in a step turn available one step later. After every
 * step: pods ≤ replicas + maxSurge and available ≥ replicas − maxUnavailable.
 */
class RolloutStoryTest {

  /** A set in the story world: its size, how many pods it has, how many of them are available. */
  private static final class World {
    final Map<String, int[]> sets = new LinkedHashMap<>(); // name → {spec, pods, available}
    final Map<String, Instant> created = new LinkedHashMap<>();
    int clock;

    void add(String name, int spec, int available) {
      sets.put(name, new int[] {spec, spec, available});
      created.put(name, Instant.ofEpochSecond(clock++));
    }

    Rs view(String name) {
      int[] s = sets.get(name);
      return new Rs(name, s[0], s[1], s[2], s[2], 0, created.get(name), Optional.empty());
    }

    void apply(List<Scale> scales) {
      for (Scale sc : scales) {
        assertThat(sets.get(sc.rs())[0]).as("scale from").isEqualTo(sc.from());
        sets.get(sc.rs())[0] = sc.to();
      }
    }

    /** The ReplicaSet controller and the kubelets: last step's pods are available now; sizes are met. */
    void tick() {
      for (int[] s : sets.values()) {
        s[2] = Math.min(s[1], s[0]);
        s[1] = s[0];
      }
    }

    int pods() { return sets.values().stream().mapToInt(s -> Math.max(s[0], s[1])).sum(); }

    int available() { return sets.values().stream().mapToInt(s -> Math.min(s[2], s[0])).sum(); }
  }

  @ParameterizedTest(name = "{0} replicas, maxSurge {1}, maxUnavailable {2}")
  @CsvSource({"3,25%,25%", "10,25%,25%", "10,1,0", "10,0,1", "5,50%,50%", "1,25%,25%", "4,100%,0", "7,30%,10%", "2,0,100%"})
  void rollingUpdateKeepsItsBounds(int replicas, String surge, String unavailable) {
    Fenceposts f = DeploymentCore.fenceposts(surge, unavailable, replicas);
    World w = new World();
    w.add("old", replicas, replicas);
    w.add("new", 0, 0);
    int steps = 0;
    while (!(w.sets.get("new")[0] == replicas && w.sets.get("new")[2] == replicas && w.sets.get("old")[1] == 0)) {
      List<Scale> step = DeploymentCore.rollingStep(replicas, f, w.view("new"), List.of(w.view("old")));
      w.apply(step);
      assertThat(w.pods()).as("pods after step %d", steps).isLessThanOrEqualTo(replicas + f.maxSurge());
      w.tick();
      assertThat(w.available()).as("available after step %d", steps).isGreaterThanOrEqualTo(replicas - f.maxUnavailable());
      assertThat(++steps).as("converges").isLessThan(100);
    }
  }

  @Test
  void threeOldSetsRollIntoOne() {
    Fenceposts f = DeploymentCore.fenceposts("25%", "25%", 8);
    World w = new World();
    w.add("a", 3, 3);
    w.add("b", 3, 3);
    w.add("c", 2, 2);
    w.add("new", 0, 0);
    for (int i = 0; i < 100; i++) {
      List<Rs> olds = List.of(w.view("a"), w.view("b"), w.view("c"));
      w.apply(DeploymentCore.rollingStep(8, f, w.view("new"), olds));
      assertThat(w.pods()).isLessThanOrEqualTo(8 + 2);
      w.tick();
      assertThat(w.available()).isGreaterThanOrEqualTo(8 - 2);
    }
    assertThat(w.sets.get("new")[0]).isEqualTo(8);
    assertThat(w.sets.get("a")[0] + w.sets.get("b")[0] + w.sets.get("c")[0]).isZero();
  }

  @Test
  void fencepostsRoundAsUpstream() {
    assertThat(DeploymentCore.fenceposts("25%", "25%", 3)).isEqualTo(new Fenceposts(1, 0));
    assertThat(DeploymentCore.fenceposts("25%", "25%", 10)).isEqualTo(new Fenceposts(3, 2));
    assertThat(DeploymentCore.fenceposts("0", "0", 10)).isEqualTo(new Fenceposts(0, 1));
    assertThat(DeploymentCore.fenceposts("0%", "0%", 4)).isEqualTo(new Fenceposts(0, 1));
  }

  @Test
  void firstStepOfThreeReplicasSurgesOne() {
    Fenceposts f = DeploymentCore.fenceposts("25%", "25%", 3);
    Instant t = Instant.EPOCH;
    Rs old = new Rs("web-1", 3, 3, 3, 3, 1, t, Optional.of(3));
    Rs neu = new Rs("web-2", 0, 0, 0, 0, 2, t.plusSeconds(1), Optional.of(3));
    assertThat(DeploymentCore.rollingStep(3, f, neu, List.of(old))).containsExactly(new Scale("web-2", 0, 1));
    // New pod not available yet: maxUnavailable 0 forbids scaling the old set down.
    assertThat(DeploymentCore.rollingStep(3, f, neu.withReplicas(1), List.of(old))).isEmpty();
    Rs neuReady = new Rs("web-2", 1, 1, 1, 1, 2, t.plusSeconds(1), Optional.of(3));
    assertThat(DeploymentCore.rollingStep(3, f, neuReady, List.of(old))).containsExactly(new Scale("web-1", 3, 2));
  }

  @Test
  void unhealthyOldReplicasGoFirst() {
    Fenceposts f = DeploymentCore.fenceposts("1", "0", 4);
    Instant t = Instant.EPOCH;
    Rs old = new Rs("old", 4, 4, 2, 2, 1, t, Optional.empty());
    Rs neu = new Rs("new", 1, 1, 1, 1, 2, t.plusSeconds(1), Optional.empty());
    // An unavailable old pod may go although available (3) is below replicas (4): it is not
    // available anyway; the surge budget (5 pods) allows one.
    assertThat(DeploymentCore.rollingStep(4, f, neu, List.of(old))).containsExactly(new Scale("old", 4, 3));
  }

  @Test
  void recreateScalesOldToZeroAndWaitsForItsPods() {
    Instant t = Instant.EPOCH;
    Rs old = new Rs("old", 3, 3, 3, 3, 1, t, Optional.empty());
    assertThat(DeploymentCore.recreateStep(3, Optional.empty(), List.of(old))).containsExactly(new Scale("old", 3, 0));
    Rs draining = new Rs("old", 0, 2, 0, 0, 1, t, Optional.empty());
    assertThat(DeploymentCore.recreateMayCreateNew(List.of(draining))).isFalse();
    assertThat(DeploymentCore.recreateStep(3, Optional.empty(), List.of(draining))).isEmpty();
    Rs gone = new Rs("old", 0, 0, 0, 0, 1, t, Optional.empty());
    assertThat(DeploymentCore.recreateMayCreateNew(List.of(gone))).isTrue();
    Rs neu = new Rs("new", 0, 0, 0, 0, 2, t.plusSeconds(1), Optional.empty());
    assertThat(DeploymentCore.recreateStep(3, Optional.of(neu), List.of(gone))).containsExactly(new Scale("new", 0, 3));
  }

  @Test
  void resizeMidRolloutIsProportional() {
    Fenceposts f = DeploymentCore.fenceposts("3", "2", 15);
    Instant t = Instant.EPOCH;
    // 10 → 15 while old has 8 and new 5 (sized for 10 + surge 3 = 13).
    Rs old = new Rs("old", 8, 8, 8, 8, 1, t, Optional.of(10));
    Rs neu = new Rs("new", 5, 5, 0, 0, 2, t.plusSeconds(1), Optional.of(10));
    assertThat(DeploymentCore.isScalingEvent(15, List.of(old, neu))).isTrue();
    List<Scale> scales = DeploymentCore.proportional(15, f, Optional.of(neu), List.of(old), true);
    int total = 0;
    Map<String, Integer> after = new LinkedHashMap<>(Map.of("old", 8, "new", 5));
    for (Scale s : scales) after.put(s.rs(), s.to());
    total = after.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(total).isEqualTo(15 + 3);
    assertThat(after.get("old")).isGreaterThan(8);
    assertThat(after.get("new")).isGreaterThan(5);
  }

  @Test
  void cleanupKeepsTheNewestEmptySets() {
    Instant t = Instant.EPOCH;
    List<Rs> olds = new ArrayList<>();
    for (int i = 1; i <= 5; i++) olds.add(new Rs("r" + i, 0, 0, 0, 0, i, t.plusSeconds(i), Optional.empty()));
    olds.add(new Rs("busy", 1, 1, 1, 1, 0, t, Optional.empty()));
    assertThat(DeploymentCore.toCleanUp(olds, 2)).containsExactly("r1", "r2", "r3");
    assertThat(DeploymentCore.nextRevision(olds)).isEqualTo(6);
  }

  @Test
  void templateHashHasUpstreamsForm() {
    var template = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("nginx").withImage("nginx").endContainer().endSpec().build();
    String h = PodTemplateHash.of(template, 0);
    assertThat(h).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}").isEqualTo(PodTemplateHash.of(template, 0));
    assertThat(PodTemplateHash.of(template, 1)).isNotEqualTo(h);
    var other = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(template).editSpec().editFirstContainer().withImage("nginx:1.27")
        .endContainer().endSpec().build();
    assertThat(PodTemplateHash.of(other, 0)).isNotEqualTo(h);
  }
}
