package dev.netkube.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonSetCoreTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  static Node node(String name, Map<String, String> labels, String taintKey, String effect) {
    NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().withNewSpec().endSpec();
    if (!taintKey.isEmpty()) b.editSpec().addNewTaint().withKey(taintKey).withEffect(effect).endTaint().endSpec();
    return b.build();
  }

  static Pod pod(String name, String node, String hash, boolean ready) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("kube-system")
        .withCreationTimestamp(NOW.minusSeconds(600).toString()).addToLabels("controller-revision-hash", hash).endMetadata()
        .withNewSpec().withNodeName(node).endSpec().withNewStatus().withPhase("Running").endStatus();
    if (ready) b.editStatus().addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(NOW.minusSeconds(500).toString())
        .endCondition().endStatus();
    return b.build();
  }

  private static final PodSpec PLAIN = new PodSpecBuilder().addNewContainer().withName("c").withImage("nginx").endContainer().build();

  @Test
  void eligibilityFollowsSelectorsAffinityAndTaints() {
    Node plain = node("n1", Map.of("kubernetes.io/os", "linux"), "", "");
    Node gpu = node("n2", Map.of(), "dedicated", "NoSchedule");
    Node soft = node("n3", Map.of(), "dedicated", "PreferNoSchedule");
    Node notReady = node("n4", Map.of(), "node.kubernetes.io/not-ready", "NoExecute");
    Node cordoned = node("n5", Map.of(), "node.kubernetes.io/unschedulable", "NoSchedule");
    assertThat(NodeEligibility.shouldRun(plain, PLAIN)).isTrue();
    assertThat(NodeEligibility.shouldRun(gpu, PLAIN)).isFalse();
    assertThat(NodeEligibility.shouldRun(soft, PLAIN)).isTrue();
    assertThat(NodeEligibility.shouldRun(notReady, PLAIN)).as("daemon pods tolerate not-ready").isTrue();
    assertThat(NodeEligibility.shouldRun(cordoned, PLAIN)).as("and unschedulable").isTrue();
    PodSpec tolerating = new PodSpecBuilder(PLAIN).addNewToleration().withKey("dedicated").withOperator("Exists").endToleration().build();
    assertThat(NodeEligibility.shouldRun(gpu, tolerating)).isTrue();
    PodSpec linuxOnly = new PodSpecBuilder(PLAIN).withNodeSelector(Map.of("kubernetes.io/os", "linux")).build();
    assertThat(NodeEligibility.shouldRun(plain, linuxOnly)).isTrue();
    assertThat(NodeEligibility.shouldRun(soft, linuxOnly)).isFalse();
    PodSpec affinity = new PodSpecBuilder(PLAIN).withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().addNewMatchExpression().withKey("kubernetes.io/os").withOperator("NotIn").withValues("windows").endMatchExpression()
        .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().build();
    assertThat(NodeEligibility.shouldRun(plain, affinity)).isTrue();
    assertThat(NodeEligibility.shouldRun(node("w", Map.of("kubernetes.io/os", "windows"), "", ""), affinity)).isFalse();
    assertThat(NodeEligibility.withDaemonTolerations(List.of(), true)).extracting(t -> t.getKey() + ":" + t.getEffect()).containsExactly(
        "node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/disk-pressure:NoSchedule",
        "node.kubernetes.io/memory-pressure:NoSchedule", "node.kubernetes.io/pid-pressure:NoSchedule",
        "node.kubernetes.io/unschedulable:NoSchedule", "node.kubernetes.io/network-unavailable:NoSchedule");
  }

  @Test
  void onePodPerEligibleNode() {
    List<Node> nodes = List.of(node("n1", Map.of(), "", ""), node("n2", Map.of(), "dedicated", "NoSchedule"), node("n3", Map.of(), "", ""));
    List<Pod> pods = List.of(pod("a", "n1", "h1", true), pod("b", "n2", "h1", true), pod("dup", "n1", "h1", true));
    DaemonSetCore.Plan plan = DaemonSetCore.plan(nodes, pods, PLAIN, "h1", true, 1, 0, NOW);
    assertThat(plan.createOn()).containsExactly("n3");
    assertThat(plan.delete()).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("b", "dup");
    assertThat(plan.counts()).isEqualTo(new DaemonSetCore.Counts(2, 1, 1, 1, 1, 1, 1));
  }

  @Test
  void rollingUpdateReplacesAtMostMaxUnavailableAtATime() {
    List<Node> nodes = new ArrayList<>();
    List<Pod> pods = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      nodes.add(node("n" + i, Map.of(), "", ""));
      pods.add(pod("p" + i, "n" + i, "old", true));
    }
    DaemonSetCore.Plan plan = DaemonSetCore.plan(nodes, pods, PLAIN, "new", true, 1, 0, NOW);
    assertThat(plan.delete()).extracting(p -> p.getMetadata().getName()).containsExactly("p1");
    assertThat(plan.counts().updated()).isZero();
    // p1 went and its replacement is not ready yet: nothing more goes.
    pods.set(0, pod("q1", "n1", "new", false));
    assertThat(DaemonSetCore.plan(nodes, pods, PLAIN, "new", true, 1, 0, NOW).delete()).isEmpty();
    pods.set(0, pod("q1", "n1", "new", true));
    assertThat(DaemonSetCore.plan(nodes, pods, PLAIN, "new", true, 2, 0, NOW).delete()).extracting(p -> p.getMetadata().getName())
        .containsExactly("p2", "p3");
    assertThat(DaemonSetCore.plan(nodes, pods, PLAIN, "new", false, 1, 0, NOW).delete()).as("OnDelete").isEmpty();
  }

  @Test
  void failedPodsAreReplaced() {
    Pod failed = new PodBuilder(pod("f", "n1", "h", false)).editStatus().withPhase("Failed").endStatus().build();
    DaemonSetCore.Plan plan = DaemonSetCore.plan(List.of(node("n1", Map.of(), "", "")), List.of(failed), PLAIN, "h", true, 1, 0, NOW);
    assertThat(plan.failed()).containsExactly(failed);
    assertThat(plan.delete()).containsExactly(failed);
    assertThat(plan.createOn()).containsExactly("n1");
  }
}
