package dev.netkube.agent.pods;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** kubelet's getPhase, case by case. */
class PodPhasesTest {
  private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

  private static ContainerRecord waiting(String name) { return ContainerRecord.waiting(name, "nginx", "ContainerCreating"); }

  private static ContainerRecord running(String name) { return waiting(name).startedAgain("id-" + name, T); }

  private static ContainerRecord exited(String name, int code) {
    return running(name).withState(new ContainerRecord.State.Terminated(code, code == 0 ? "Completed" : "Error", "", T,
        T.plusSeconds(1), Optional.of("id-" + name)));
  }

  private static String phase(List<PodPhases.InitContainer> inits, String policy, ContainerRecord... containers) {
    return phase(inits, policy, false, containers);
  }

  private static String phase(List<PodPhases.InitContainer> inits, String policy, boolean terminal, ContainerRecord... containers) {
    Map<String, ContainerRecord> records = new HashMap<>();
    List<String> names = new java.util.ArrayList<>();
    for (ContainerRecord r : containers) {
      records.put(r.name(), r);
      if (inits.stream().noneMatch(i -> i.name().equals(r.name()))) names.add(r.name());
    }
    return PodPhases.phase(inits, names, policy, records, terminal);
  }

  @Test
  void regularContainers() {
    assertThat(phase(List.of(), "Always", waiting("web"))).isEqualTo("Pending");
    assertThat(phase(List.of(), "Always", running("web"))).isEqualTo("Running");
    assertThat(phase(List.of(), "Always", running("web"), waiting("side"))).isEqualTo("Pending");
    // All stopped: Always restarts them (Running); otherwise succeeded or failed.
    assertThat(phase(List.of(), "Always", exited("web", 1))).isEqualTo("Running");
    assertThat(phase(List.of(), "Never", exited("job", 0))).isEqualTo("Succeeded");
    assertThat(phase(List.of(), "Never", exited("job", 2))).isEqualTo("Failed");
    assertThat(phase(List.of(), "OnFailure", exited("job", 0))).isEqualTo("Succeeded");
    assertThat(phase(List.of(), "OnFailure", exited("job", 1).waitingAgain("CrashLoopBackOff", "x"))).isEqualTo("Running");
    // A container in back-off counts as stopped, not waiting.
    assertThat(phase(List.of(), "Always", exited("web", 1).waitingAgain("CrashLoopBackOff", "x"))).isEqualTo("Running");
    // A terminal pod's phase ignores the restart policy.
    assertThat(phase(List.of(), "Always", true, exited("web", 0))).isEqualTo("Succeeded");
    assertThat(phase(List.of(), "Always", true, exited("web", 137))).isEqualTo("Failed");
  }

  @Test
  void initContainers() {
    List<PodPhases.InitContainer> init = List.of(new PodPhases.InitContainer("setup", false));
    assertThat(phase(init, "Always", running("setup"), waiting("web"))).isEqualTo("Pending");
    assertThat(phase(init, "Always", exited("setup", 0), running("web"))).isEqualTo("Running");
    assertThat(phase(init, "Never", exited("setup", 1), waiting("web"))).isEqualTo("Failed");
    assertThat(phase(init, "Always", exited("setup", 1).waitingAgain("CrashLoopBackOff", "x"), waiting("web"))).isEqualTo("Pending");
    // A sidecar (restartable init container) that runs but has not started yet keeps the pod pending.
    List<PodPhases.InitContainer> sidecar = List.of(new PodPhases.InitContainer("proxy", true));
    assertThat(phase(sidecar, "Always", running("proxy"), running("web"))).isEqualTo("Pending");
    assertThat(phase(sidecar, "Always", running("proxy").withProbes(true, true), running("web"))).isEqualTo("Running");
  }
}
