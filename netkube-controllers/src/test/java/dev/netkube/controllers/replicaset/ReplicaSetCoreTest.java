package dev.netkube.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.controllers.workload.Expectations;
import dev.netkube.controllers.workload.Ownership;
import dev.netkube.controllers.workload.SlowStart;
import dev.netkube.model.select.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaSetCoreTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  static Pod pod(String name, String node, String phase, boolean ready, Instant created) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name)
        .withCreationTimestamp(created.toString()).addToLabels("app", "web").endMetadata()
        .withNewSpec().withNodeName(node.isEmpty() ? null : node).endSpec()
        .withNewStatus().withPhase(phase).endStatus();
    if (ready) b.editStatus().addNewCondition().withType("Ready").withStatus("True")
        .withLastTransitionTime(created.plusSeconds(5).toString()).endCondition().endStatus();
    return b.build();
  }

  @Test
  void createsWhatIsMissingUpToTheBurst() {
    assertThat(ReplicaSetCore.diff(3, List.of(), List.of(), NOW)).isEqualTo(new ReplicaSetCore.Create(3));
    assertThat(ReplicaSetCore.diff(2000, List.of(), List.of(), NOW)).isEqualTo(new ReplicaSetCore.Create(500));
    Pod a = pod("a", "n1", "Running", true, NOW.minusSeconds(100));
    assertThat(ReplicaSetCore.diff(1, List.of(a), List.of(a), NOW)).isInstanceOf(ReplicaSetCore.InSync.class);
  }

  @Test
  void deletesTheLeastValuablePodsFirst() {
    Instant old = NOW.minusSeconds(3600);
    Pod unscheduled = pod("unscheduled", "", "Pending", false, old);
    Pod pending = pod("pending", "n1", "Pending", false, old);
    Pod notReady = pod("not-ready", "n1", "Running", false, old);
    Pod readyCrowded = pod("ready-crowded", "n2", "Running", true, old);
    Pod crowdMate = pod("crowd-mate", "n2", "Running", true, old);
    Pod readyAlone = pod("ready-alone", "n3", "Running", true, old);
    List<Pod> all = List.of(readyAlone, readyCrowded, crowdMate, notReady, pending, unscheduled);
    var d = (ReplicaSetCore.Delete) ReplicaSetCore.diff(2, all, all, NOW);
    assertThat(d.pods()).extracting(p -> p.getMetadata().getName())
        .containsExactly("unscheduled", "pending", "not-ready", "crowd-mate");
  }

  @Test
  void deletionCostAndRecentPodsGoFirst() {
    Pod cheap = new PodBuilder(pod("cheap", "n1", "Running", true, NOW.minusSeconds(7200))).editMetadata()
        .addToAnnotations("controller.kubernetes.io/pod-deletion-cost", "-10").endMetadata().build();
    Pod young = pod("young", "n2", "Running", true, NOW.minusSeconds(60));
    Pod old = pod("old", "n3", "Running", true, NOW.minusSeconds(7200));
    List<Pod> all = List.of(old, young, cheap);
    var d = (ReplicaSetCore.Delete) ReplicaSetCore.diff(1, all, all, NOW);
    assertThat(d.pods()).extracting(p -> p.getMetadata().getName()).containsExactly("cheap", "young");
  }

  @Test
  void statusCountsReadyAndAvailableAfterMinReadySeconds() {
    Pod ready = pod("a", "n1", "Running", true, NOW.minusSeconds(100)); // ready since NOW-95s
    Pod justReady = pod("b", "n1", "Running", true, NOW.minusSeconds(10)); // ready since NOW-5s
    Pod relabelled = new PodBuilder(pod("c", "n1", "Pending", false, NOW)).editMetadata().withLabels(Map.of("app", "web")).endMetadata().build();
    var c = ReplicaSetCore.counts(List.of(ready, justReady, relabelled), Map.of("app", "web", "tier", "x"), 30, NOW);
    assertThat(c).isEqualTo(new ReplicaSetCore.Counts(3, 0, 2, 1));
    assertThat(ReplicaSetCore.recheckAfter(List.of(ready, justReady), 30, NOW)).hasValueSatisfying(
        d -> assertThat(d.toSeconds()).isEqualTo(25));
  }

  @Test
  void controllerRefRules() {
    LabelSelector web = LabelSelector.fromSet(Map.of("app", "web"));
    Pod orphan = pod("o", "", "Pending", false, NOW);
    Pod mine = new PodBuilder(orphan).editMetadata().addNewOwnerReference().withUid("rs-1").withKind("ReplicaSet").withName("rs")
        .withController(true).endOwnerReference().endMetadata().build();
    Pod theirs = new PodBuilder(orphan).editMetadata().addNewOwnerReference().withUid("rs-2").withKind("ReplicaSet").withName("x")
        .withController(true).endOwnerReference().endMetadata().build();
    Pod mineRelabelled = new PodBuilder(mine).editMetadata().withLabels(Map.of("app", "db")).endMetadata().build();
    assertThat(Ownership.of("rs-1", false, web::matches, orphan)).isEqualTo(Ownership.ADOPT);
    assertThat(Ownership.of("rs-1", true, web::matches, orphan)).isEqualTo(Ownership.NOT_MINE);
    assertThat(Ownership.of("rs-1", false, web::matches, mine)).isEqualTo(Ownership.OWNED);
    assertThat(Ownership.of("rs-1", false, web::matches, theirs)).isEqualTo(Ownership.NOT_MINE);
    assertThat(Ownership.of("rs-1", false, web::matches, mineRelabelled)).isEqualTo(Ownership.RELEASE);
    assertThat(Ownership.of("rs-1", true, web::matches, mineRelabelled)).isEqualTo(Ownership.NOT_MINE);
  }

  @Test
  void expectationsHoldTheNextSyncUntilTheCacheCatchesUp() {
    Expectations e = new Expectations();
    assertThat(e.satisfied("default/web", NOW)).isTrue();
    e.expectCreations("default/web", 2, NOW);
    assertThat(e.satisfied("default/web", NOW)).isFalse();
    e.creationObserved("default/web");
    assertThat(e.satisfied("default/web", NOW)).isFalse();
    e.creationObserved("default/web");
    assertThat(e.satisfied("default/web", NOW)).isTrue();
    e.expectDeletions("default/web", List.of("default/a"), NOW);
    e.deletionObserved("default/web", "default/a");
    e.deletionObserved("default/web", "default/a"); // seen twice (deletionTimestamp, then gone): once
    assertThat(e.satisfied("default/web", NOW)).isTrue();
    e.expectCreations("default/web", 1, NOW);
    assertThat(e.satisfied("default/web", NOW.plus(Expectations.TTL))).as("expired").isTrue();
  }

  @Test
  void slowStartStopsAtTheFirstFailingBatch() {
    List<Integer> batches = new ArrayList<>();
    assertThat(SlowStart.run(10, n -> { batches.add(n); return n; })).isEqualTo(10);
    assertThat(batches).containsExactly(1, 2, 4, 3);
    batches.clear();
    assertThat(SlowStart.run(100, n -> { batches.add(n); return n >= 4 ? n - 1 : n; })).isEqualTo(6);
    assertThat(batches).containsExactly(1, 2, 4);
  }
}
