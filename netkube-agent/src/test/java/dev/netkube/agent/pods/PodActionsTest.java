package dev.netkube.agent.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.agent.pods.PodActions.Action;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pod worker's next steps, as stories. */
class PodActionsTest {
  private final Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
  private final RestartBackOff backOff = new RestartBackOff();
  private final Map<String, ContainerRecord> records = new HashMap<>();

  private static PodActions.Shape shape(String policy, boolean deleting, List<PodPhases.InitContainer> init, String... containers) {
    return new PodActions.Shape("default/web#u1", init, List.of(containers), policy, deleting);
  }

  private ContainerRecord running(String name) {
    return ContainerRecord.waiting(name, "img", "ContainerCreating").startedAgain("id-" + name, t0);
  }

  private ContainerRecord exited(String name, int code, Instant at) {
    return running(name).withState(new ContainerRecord.State.Terminated(code, code == 0 ? "Completed" : "Error", "", t0, at,
        Optional.of("id-" + name)));
  }

  @Test
  void sandboxThenInitContainersInOrderThenTheContainers() {
    var pod = shape("Always", false, List.of(new PodPhases.InitContainer("a", false), new PodPhases.InitContainer("b", false)), "web");
    assertThat(PodActions.compute(pod, false, records, backOff, t0)).containsExactly(new Action.CreateSandbox());
    assertThat(PodActions.compute(pod, true, records, backOff, t0)).containsExactly(new Action.Start("a", true));
    records.put("a", running("a"));
    assertThat(PodActions.compute(pod, true, records, backOff, t0)).containsExactly(new Action.Done());
    records.put("a", exited("a", 0, t0.plusSeconds(1)));
    assertThat(PodActions.compute(pod, true, records, backOff, t0)).containsExactly(new Action.Start("b", true));
    records.put("b", exited("b", 0, t0.plusSeconds(2)));
    assertThat(PodActions.compute(pod, true, records, backOff, t0)).containsExactly(new Action.Start("web", false));
    records.put("web", running("web"));
    assertThat(PodActions.compute(pod, true, records, backOff, t0)).containsExactly(new Action.Done());
  }

  @Test
  void aCrashingContainerRestartsAtOnceThenBacksOff() {
    var pod = shape("Always", false, List.of(), "web");
    records.put("web", exited("web", 1, t0));
    assertThat(PodActions.compute(pod, true, records, backOff, t0.plusSeconds(1))).containsExactly(new Action.Start("web", false));
    backOff.restarting("default/web#u1/web", t0); // the worker records the restart
    records.put("web", exited("web", 1, t0.plusSeconds(2)));
    assertThat(PodActions.compute(pod, true, records, backOff, t0.plusSeconds(3))).containsExactly(
        new Action.BackOff("web", t0.plusSeconds(12), "back-off 10s restarting failed container=web pod=web_default(u1)"));
    assertThat(PodActions.compute(pod, true, records, backOff, t0.plusSeconds(12))).containsExactly(new Action.Start("web", false));
  }

  @Test
  void restartPolicies() {
    records.put("job", exited("job", 0, t0));
    assertThat(PodActions.compute(shape("Never", false, List.of(), "job"), true, records, backOff, t0)).containsExactly(new Action.Done());
    assertThat(PodActions.compute(shape("OnFailure", false, List.of(), "job"), true, records, backOff, t0)).containsExactly(new Action.Done());
    assertThat(PodActions.compute(shape("Always", false, List.of(), "job"), true, records, backOff, t0))
        .containsExactly(new Action.Start("job", false));
    records.put("job", exited("job", 3, t0));
    assertThat(PodActions.compute(shape("OnFailure", false, List.of(), "job"), true, records, backOff, t0))
        .containsExactly(new Action.Start("job", false));
    // A failed init container with restartPolicy Never fails the pod: nothing more starts.
    records.clear();
    records.put("init", exited("init", 1, t0));
    assertThat(PodActions.compute(shape("Never", false, List.of(new PodPhases.InitContainer("init", false)), "web"), true, records,
        backOff, t0)).containsExactly(new Action.Done());
  }

  @Test
  void deletionStopsTheContainersThenTearsTheSandboxDown() {
    var pod = shape("Always", true, List.of(), "web", "side");
    records.put("web", running("web"));
    records.put("side", exited("side", 0, t0));
    assertThat(PodActions.compute(pod, true, records, backOff, t0)).containsExactly(new Action.Kill("web", "Killing"), new Action.Done());
    records.put("web", exited("web", 143, t0.plusSeconds(1)));
    assertThat(PodActions.compute(pod, true, records, backOff, t0)).containsExactly(new Action.TearDown());
    assertThat(PodActions.compute(pod, false, records, backOff, t0)).containsExactly(new Action.Done());
  }
}
