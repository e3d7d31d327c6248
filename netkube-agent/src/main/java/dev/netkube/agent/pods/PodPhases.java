package dev.netkube.agent.pods;

import java.util.List;
import java.util.Map;

/**
 * The pod phase from its containers' states, as kubelet's getPhase computes it (1.32): init
 * containers first (restartable ones, "sidecars", apart), then the regular containers and the
 * restart policy. Pure.
 */
public final class PodPhases {
  public static final String PENDING = "Pending";
  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";

  private PodPhases() {}

  /** An init container of the spec: its name and whether it is restartable (restartPolicy: Always). */
  public record InitContainer(String name, boolean restartable) {}

  public static String phase(List<InitContainer> initContainers, List<String> containers, String restartPolicy,
      Map<String, ContainerRecord> records, boolean podIsTerminal) {
    int pendingRegularInit = 0;
    int failedInitialization = 0;
    for (InitContainer c : initContainers) {
      if (c.restartable()) continue;
      ContainerRecord r = records.get(c.name());
      if (r == null) {
        pendingRegularInit++;
      } else if (r.state() instanceof ContainerRecord.State.Running) {
        pendingRegularInit++;
      } else if (r.state() instanceof ContainerRecord.State.Terminated t) {
        if (t.exitCode() != 0) failedInitialization++;
      } else if (r.lastTermination().isPresent()) {
        if (r.lastTermination().get().exitCode() != 0) failedInitialization++;
      } else {
        pendingRegularInit++;
      }
    }
    int unknown = 0;
    int running = 0;
    int waiting = 0;
    int stopped = 0;
    int succeeded = 0;
    int pendingRestartableInit = 0;
    for (InitContainer c : initContainers) {
      if (!c.restartable()) continue;
      ContainerRecord r = records.get(c.name());
      if (r == null) {
        unknown++;
      } else if (r.state() instanceof ContainerRecord.State.Running) {
        if (!r.started()) pendingRestartableInit++;
        running++;
      } else if (r.state() instanceof ContainerRecord.State.Waiting && r.lastTermination().isEmpty()) {
        pendingRestartableInit++;
        waiting++;
      }
      // terminated restartable init containers do not count for the phase
    }
    for (String name : containers) {
      ContainerRecord r = records.get(name);
      if (r == null) {
        unknown++;
      } else if (r.state() instanceof ContainerRecord.State.Running) {
        running++;
      } else if (r.state() instanceof ContainerRecord.State.Terminated t) {
        stopped++;
        if (t.exitCode() == 0) succeeded++;
      } else if (r.lastTermination().isPresent()) {
        stopped++;
      } else {
        waiting++;
      }
    }
    if (failedInitialization > 0 && "Never".equals(restartPolicy)) return FAILED;
    if (pendingRegularInit > 0 || (pendingRestartableInit > 0 && !podIsTerminal) || waiting > 0) return PENDING;
    if (running > 0 && unknown == 0) return RUNNING;
    if (running == 0 && stopped > 0 && unknown == 0) {
      if (podIsTerminal) return stopped == succeeded ? SUCCEEDED : FAILED;
      if ("Always".equals(restartPolicy)) return RUNNING;
      if (stopped == succeeded) return SUCCEEDED;
      if ("Never".equals(restartPolicy)) return FAILED;
      return RUNNING; // OnFailure, at least one failed and restarting
    }
    return PENDING;
  }
}
