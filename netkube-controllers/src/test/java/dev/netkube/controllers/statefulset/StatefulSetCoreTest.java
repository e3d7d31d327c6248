package dev.netkube.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** StatefulSet ordering as a story: what each sync does while the "kubelet" makes pods ready. */
class StatefulSetCoreTest {
  static Pod pod(int i, String rev, boolean ready) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName("web-" + i).addToLabels("controller-revision-hash", rev).endMetadata()
        .withNewStatus().withPhase(ready ? "Running" : "Pending").endStatus();
    if (ready) b.editStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus();
    return b.build();
  }

  private static List<Integer> created(StatefulSetCore.Step s) { return s.create(); }

  private static List<String> deleted(StatefulSetCore.Step s) { return s.delete().stream().map(p -> p.getMetadata().getName()).toList(); }

  @Test
  void orderedReadyCreatesOneAtATimeInOrder() {
    List<Pod> pods = new ArrayList<>();
    List<Integer> order = new ArrayList<>();
    for (int sync = 0; sync < 20; sync++) {
      StatefulSetCore.Step s = StatefulSetCore.step("web", 3, false, 0, "r1", pods);
      assertThat(s.create().size()).isLessThanOrEqualTo(1);
      for (int i : s.create()) {
        // Every lower ordinal is Running and Ready before the next is made.
        assertThat(pods).hasSize(i).allMatch(StatefulSetCore::runningAndReady);
        pods.add(pod(i, "r1", false));
        order.add(i);
      }
      if (s.create().isEmpty()) {
        pods.replaceAll(p -> StatefulSetCore.runningAndReady(p) ? p : pod(StatefulSetCore.ordinal("web", p.getMetadata().getName()).get(), "r1", true));
      }
    }
    assertThat(order).containsExactly(0, 1, 2);
    assertThat(StatefulSetCore.step("web", 3, false, 0, "r1", pods)).isEqualTo(StatefulSetCore.Step.NOTHING);
  }

  @Test
  void pendingPodBlocksTheNextOrdinal() {
    List<Pod> pods = List.of(pod(0, "r1", true), pod(1, "r1", false));
    assertThat(created(StatefulSetCore.step("web", 3, false, 0, "r1", pods))).isEmpty();
    assertThat(created(StatefulSetCore.step("web", 3, true, 0, "r1", pods))).as("Parallel").containsExactly(2);
  }

  @Test
  void scaleDownFromTheHighestOrdinal() {
    List<Pod> pods = List.of(pod(0, "r1", true), pod(1, "r1", true), pod(2, "r1", true), pod(3, "r1", true));
    assertThat(deleted(StatefulSetCore.step("web", 1, false, 0, "r1", pods))).containsExactly("web-3");
    assertThat(deleted(StatefulSetCore.step("web", 1, true, 0, "r1", pods))).containsExactly("web-3", "web-2", "web-1");
    Pod terminating = new PodBuilder(pod(3, "r1", true)).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build();
    assertThat(deleted(StatefulSetCore.step("web", 1, false, 0, "r1", List.of(pods.get(0), pods.get(1), pods.get(2), terminating))))
        .as("waits for web-3 to go").isEmpty();
  }

  @Test
  void rollingUpdateFromTheTopDownToThePartition() {
    List<Pod> pods = List.of(pod(0, "r1", true), pod(1, "r1", true), pod(2, "r1", true));
    assertThat(deleted(StatefulSetCore.step("web", 3, false, 0, "r2", pods))).containsExactly("web-2");
    List<Pod> second = List.of(pod(0, "r1", true), pod(1, "r1", true), pod(2, "r2", true));
    assertThat(deleted(StatefulSetCore.step("web", 3, false, 0, "r2", second))).containsExactly("web-1");
    assertThat(deleted(StatefulSetCore.step("web", 3, false, 2, "r2", second))).as("partition 2").isEmpty();
    List<Pod> recreating = List.of(pod(0, "r1", true), pod(1, "r1", true), pod(2, "r2", false));
    assertThat(StatefulSetCore.step("web", 3, false, 0, "r2", recreating)).isEqualTo(StatefulSetCore.Step.NOTHING);
  }

  @Test
  void ordinalsParseOnlyTheSetsOwnNames() {
    assertThat(StatefulSetCore.ordinal("web", "web-12")).contains(12);
    assertThat(StatefulSetCore.ordinal("web", "web-01")).isEmpty();
    assertThat(StatefulSetCore.ordinal("web", "webx-1")).isEmpty();
    assertThat(StatefulSetCore.ordinal("web", "web-")).isEmpty();
  }
}
