package dev.netkube.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.controllers.scheduler.Toleration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The node lifecycle as a story: heartbeats stop → Unknown + taints → recovers → taints removed. */
class NodeHealthTest {
  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
  private final NodeHealth health = new NodeHealth(Duration.ofSeconds(40), Duration.ofSeconds(60));
  private List<NodeHealth.Condition> conditions = new ArrayList<>();
  private List<NodeHealth.Taint> taints = new ArrayList<>();

  private NodeHealth.Verdict at(long seconds, Instant renew) {
    NodeHealth.Observed o = new NodeHealth.Observed("node-1", t0, conditions, taints, false, Optional.of(renew));
    NodeHealth.Verdict v = health.evaluate(o, t0.plusSeconds(seconds));
    health.committed("node-1", v);
    v.conditions().ifPresent(c -> conditions = c);
    v.taints().ifPresent(t -> taints = t);
    return v;
  }

  private static NodeHealth.Condition ready(String status, Instant heartbeat) {
    return new NodeHealth.Condition("Ready", status, "KubeletReady", "kubelet is posting ready status",
        Optional.of(heartbeat), Optional.of(heartbeat));
  }

  @Test
  void heartbeatStopsThenRecovers() {
    conditions = List.of(ready("True", t0));
    assertThat(at(0, t0).taints()).isEmpty();
    for (int s = 10; s <= 30; s += 10) assertThat(at(s, t0.plusSeconds(s)).conditions()).isEmpty();
    // last renewal seen at t=30; nothing until 70
    assertThat(at(70, t0.plusSeconds(30)).conditions()).isEmpty();
    NodeHealth.Verdict lost = at(71, t0.plusSeconds(30));
    assertThat(lost.becameNotReady()).isTrue();
    NodeHealth.Condition r = conditions.stream().filter(c -> c.type().equals("Ready")).findFirst().orElseThrow();
    assertThat(r.status()).isEqualTo("Unknown");
    assertThat(r.reason()).isEqualTo("NodeStatusUnknown");
    assertThat(r.message()).isEqualTo("Kubelet stopped posting node status.");
    assertThat(r.lastHeartbeatTime()).contains(t0);
    assertThat(conditions).extracting(NodeHealth.Condition::type)
        .containsExactly("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");
    assertThat(conditions.get(1).reason()).isEqualTo("NodeStatusNeverUpdated");
    assertThat(taints).extracting(t -> t.key() + ":" + t.effect()).containsExactly(
        "node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute");
    assertThat(taints.get(1).timeAdded()).contains(t0.plusSeconds(71));
    // Nothing more to write while it stays away.
    NodeHealth.Verdict still = at(80, t0.plusSeconds(30));
    assertThat(still.conditions()).isEmpty();
    assertThat(still.taints()).isEmpty();
    assertThat(still.becameNotReady()).isFalse();
    // The kubelet comes back: Ready True again, taints go.
    conditions = List.of(ready("True", t0.plusSeconds(90)));
    NodeHealth.Verdict back = at(90, t0.plusSeconds(90));
    assertThat(back.taints()).contains(List.of());
    assertThat(back.readyAfter()).isEqualTo("True");
  }

  @Test
  void notReadyNodesGetTheNotReadyTaintsAndOtherTaintsStay() {
    taints = List.of(new NodeHealth.Taint("dedicated", "gpu", "NoSchedule", Optional.empty()));
    conditions = List.of(ready("False", t0));
    at(0, t0);
    assertThat(taints).extracting(t -> t.key() + ":" + t.effect()).containsExactly("dedicated:NoSchedule",
        "node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/not-ready:NoExecute");
    conditions = List.of(ready("True", t0.plusSeconds(5)),
        new NodeHealth.Condition("MemoryPressure", "True", "", "", Optional.empty(), Optional.empty()));
    at(5, t0.plusSeconds(5));
    assertThat(taints).extracting(t -> t.key() + ":" + t.effect()).containsExactly("dedicated:NoSchedule",
        "node.kubernetes.io/memory-pressure:NoSchedule");
  }

  @Test
  void aNewNodeWithoutConditionsIsLeftAloneForTheStartupGracePeriod() {
    assertThat(at(0, t0).taints()).isEmpty();
    assertThat(at(60, t0).conditions()).isEmpty();
    NodeHealth.Verdict never = at(61, t0);
    assertThat(conditions.get(0).reason()).isEqualTo("NodeStatusNeverUpdated");
    assertThat(conditions.get(0).message()).isEqualTo("Kubelet never posted node status.");
    assertThat(taints).extracting(NodeHealth.Taint::key).containsOnly(NodeHealth.UNREACHABLE);
    // It was never Ready: no NodeNotReady, its pods' readiness is left as it is (upstream).
    assertThat(never.becameNotReady()).isFalse();
  }

  @Test
  void aKubeletPostingNotReadyIsNoTransitionOfTheController() {
    conditions = List.of(ready("True", t0));
    at(0, t0);
    conditions = List.of(ready("False", t0.plusSeconds(10)));
    NodeHealth.Verdict posted = at(10, t0.plusSeconds(10));
    assertThat(posted.readyAfter()).isEqualTo("False");
    assertThat(posted.becameNotReady()).isFalse();
    assertThat(taints).extracting(NodeHealth.Taint::key).containsOnly(NodeHealth.NOT_READY);
  }

  @Test
  void aCacheThatHasNotSeenTheUnknownWriteMakesNoSecondTransition() {
    conditions = List.of(ready("True", t0));
    at(0, t0);
    List<NodeHealth.Condition> stale = conditions;
    assertThat(at(41, t0).becameNotReady()).isTrue();
    conditions = stale; // the informer still shows Ready=True
    assertThat(at(46, t0).becameNotReady()).isFalse();
  }

  @Test
  void taintEvictionHonoursTolerationSeconds() {
    Instant added = t0;
    List<NodeHealth.Taint> unreachable = List.of(new NodeHealth.Taint(NodeHealth.UNREACHABLE, "", "NoExecute", Optional.of(added)));
    Toleration fiveMinutes = new Toleration(NodeHealth.UNREACHABLE, "Exists", "", "NoExecute", OptionalLong.of(300));
    assertThat(TaintEviction.decide(List.of(), unreachable, t0.plusSeconds(1))).isEqualTo(new TaintEviction.EvictAt(t0.plusSeconds(1)));
    assertThat(TaintEviction.decide(List.of(fiveMinutes), unreachable, t0.plusSeconds(1)))
        .isEqualTo(new TaintEviction.EvictAt(t0.plusSeconds(300)));
    assertThat(TaintEviction.decide(List.of(Toleration.exists("", "")), unreachable, t0)).isEqualTo(new TaintEviction.Keep());
    List<NodeHealth.Taint> noSchedule = List.of(new NodeHealth.Taint("x", "", "NoSchedule", Optional.empty()));
    assertThat(TaintEviction.decide(List.of(), noSchedule, t0)).isEqualTo(new TaintEviction.Keep());
  }
}
