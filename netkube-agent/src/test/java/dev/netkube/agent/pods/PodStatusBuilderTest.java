package dev.netkube.agent.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A pod's status as kubelet reports it, from creation to a crash loop and completion. */
class PodStatusBuilderTest {
  private final Instant t0 = Instant.parse("2026-12-01T10:00:00Z");

  private static Pod pod(boolean withInit) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("u1").endMetadata()
        .withNewSpec().withNodeName("node-1").addNewContainer().withName("nginx").withImage("nginx").endContainer()
        .addNewContainer().withName("ubuntu").withImage("ubuntu").endContainer().endSpec()
        .withNewStatus().withQosClass("BestEffort").addNewCondition().withType("PodScheduled").withStatus("True")
        .withLastTransitionTime("2026-12-01T09:59:59Z").endCondition().endStatus();
    if (withInit) b.editSpec().addNewInitContainer().withName("setup").withImage("busybox").endInitContainer().endSpec();
    return b.build();
  }

  private static Map<String, String> conditions(PodStatus s) {
    return s.getConditions().stream().collect(Collectors.toMap(PodCondition::getType,
        c -> c.getStatus() + (c.getReason() == null ? "" : " " + c.getReason() + ": " + c.getMessage()),
        (a, b) -> a, java.util.LinkedHashMap::new));
  }

  @Test
  void aNewPodIsPendingWithItsContainersCreating() {
    PodStatus s = PodStatusBuilder.build(pod(false), new PodStatusBuilder.Observed(false, List.of(), List.of("192.168.10.2"),
        Map.of(), false), t0);
    assertThat(s.getPhase()).isEqualTo("Pending");
    assertThat(conditions(s)).containsExactly(
        Map.entry("PodReadyToStartContainers", "False"),
        Map.entry("Initialized", "True"),
        Map.entry("Ready", "False ContainersNotReady: containers with unready status: [nginx ubuntu]"),
        Map.entry("ContainersReady", "False ContainersNotReady: containers with unready status: [nginx ubuntu]"),
        Map.entry("PodScheduled", "True"));
    assertThat(s.getContainerStatuses()).extracting(c -> c.getName() + ":" + c.getState().getWaiting().getReason())
        .containsExactly("nginx:ContainerCreating", "ubuntu:ContainerCreating");
    assertThat(s.getHostIP()).isEqualTo("192.168.10.2");
    assertThat(s.getPodIP()).isNull();
    assertThat(s.getStartTime()).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(s.getQosClass()).isEqualTo("BestEffort");
  }

  @Test
  void initContainersComeFirst() {
    PodStatus s = PodStatusBuilder.build(pod(true), new PodStatusBuilder.Observed(true, List.of("10.244.1.2"), List.of("192.168.10.2"),
        Map.of("setup", ContainerRecord.waiting("setup", "busybox", "PodInitializing").startedAgain("c1", t0)), false), t0);
    assertThat(s.getPhase()).isEqualTo("Pending");
    assertThat(conditions(s)).containsEntry("Initialized", "False ContainersNotInitialized: containers with incomplete status: [setup]")
        .containsEntry("PodReadyToStartContainers", "True");
    assertThat(s.getInitContainerStatuses().get(0).getState().getRunning().getStartedAt()).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(s.getContainerStatuses()).allMatch(c -> c.getState().getWaiting().getReason().equals("PodInitializing"));
    assertThat(s.getPodIPs()).extracting(p -> p.getIp()).containsExactly("10.244.1.2");
  }

  @Test
  void runningAndReadyThenACrashLoop() {
    ContainerRecord nginx = ContainerRecord.waiting("nginx", "nginx", "ContainerCreating").startedAgain("n1", t0).withProbes(true, true);
    ContainerRecord ubuntu = ContainerRecord.waiting("ubuntu", "ubuntu", "ContainerCreating").startedAgain("u1", t0).withProbes(true, true);
    Pod p = pod(false);
    PodStatus ready = PodStatusBuilder.build(p, new PodStatusBuilder.Observed(true, List.of("10.244.1.2"), List.of("192.168.10.2"),
        Map.of("nginx", nginx, "ubuntu", ubuntu), false), t0.plusSeconds(1));
    assertThat(ready.getPhase()).isEqualTo("Running");
    assertThat(conditions(ready)).containsEntry("Ready", "True").containsEntry("ContainersReady", "True");
    assertThat(ready.getContainerStatuses().get(0).getContainerID()).isEqualTo("netkube://n1");
    p.setStatus(ready);

    // ubuntu exits with 1 and waits in back-off: Running still (restartPolicy Always), not ready,
    // the termination in lastState, the Ready condition's time moves, PodScheduled's does not.
    ContainerRecord crashed = ubuntu.withState(new ContainerRecord.State.Terminated(1, "Error", "", t0, t0.plusSeconds(5),
        Optional.of("u1"))).waitingAgain("CrashLoopBackOff", "back-off 10s restarting failed container=ubuntu pod=web_default(u1)");
    PodStatus looping = PodStatusBuilder.build(p, new PodStatusBuilder.Observed(true, List.of("10.244.1.2"), List.of("192.168.10.2"),
        Map.of("nginx", nginx, "ubuntu", crashed), false), t0.plusSeconds(6));
    assertThat(looping.getPhase()).isEqualTo("Running");
    assertThat(conditions(looping)).containsEntry("Ready", "False ContainersNotReady: containers with unready status: [ubuntu]");
    var ubuntuStatus = looping.getContainerStatuses().get(1);
    assertThat(ubuntuStatus.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(ubuntuStatus.getState().getWaiting().getMessage())
        .isEqualTo("back-off 10s restarting failed container=ubuntu pod=web_default(u1)");
    assertThat(ubuntuStatus.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(ubuntuStatus.getLastState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(ubuntuStatus.getRestartCount()).isZero();
    assertThat(looping.getConditions()).filteredOn(c -> c.getType().equals("Ready"))
        .extracting(PodCondition::getLastTransitionTime).containsExactly("2026-12-01T10:00:06Z");
    assertThat(looping.getConditions()).filteredOn(c -> c.getType().equals("PodReadyToStartContainers"))
        .extracting(PodCondition::getLastTransitionTime).containsExactly("2026-12-01T10:00:01Z");
    // Started again after the back-off: one restart counted.
    assertThat(crashed.startedAgain("u2", t0.plusSeconds(16)).restartCount()).isEqualTo(1);
  }

  @Test
  void aCompletedPodIsNotReadyWithReasonPodCompleted() {
    Pod p = pod(false);
    p.getSpec().setRestartPolicy("Never");
    ContainerRecord.State.Terminated done = new ContainerRecord.State.Terminated(0, "Completed", "", t0, t0.plusSeconds(2), Optional.of("x"));
    PodStatus s = PodStatusBuilder.build(p, new PodStatusBuilder.Observed(true, List.of("10.244.1.2"), List.of("192.168.10.2"),
        Map.of("nginx", ContainerRecord.waiting("nginx", "nginx", "").withState(done),
            "ubuntu", ContainerRecord.waiting("ubuntu", "ubuntu", "").withState(done)), false), t0.plusSeconds(3));
    assertThat(s.getPhase()).isEqualTo("Succeeded");
    assertThat(conditions(s)).containsEntry("Ready", "False PodCompleted: null");
    assertThat(s.getContainerStatuses().get(0).getState().getTerminated().getReason()).isEqualTo("Completed");
  }
}
