package dev.netkube.agent.pods;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the pod worker does next for one pod, as kubelet's computePodActions decides it: make the
 * sandbox, run the init containers one after the other, then start (or restart, as the restart
 * policy and the back-off allow) the regular containers; on deletion stop everything, then tear
 * the sandbox down. Pure: the pod's shape and what the agent knows in, a plan out.
 */
public final class PodActions {
  private PodActions() {}

  /** The parts of a pod spec the decision needs. */
  public record Shape(String podKey, List<PodPhases.InitContainer> initContainers, List<String> containers,
      String restartPolicy, boolean deleting) {}

  /** One step; the worker runs them in order and asks again. */
  public sealed interface Action permits Action.CreateSandbox, Action.Start, Action.Kill, Action.BackOff,
      Action.TearDown, Action.Done {
    record CreateSandbox() implements Action {}

    record Start(String container, boolean init) implements Action {}

    /** Stop a running container (deletion, a failed liveness probe: {@code reason}). */
    record Kill(String container, String reason) implements Action {}

    /** A container must wait before it starts again (CrashLoopBackOff); look again at {@code until}. */
    record BackOff(String container, Instant until, String message) implements Action {}

    /** Every container stopped and the pod is going: remove the sandbox (CNI DEL, netns). */
    record TearDown() implements Action {}

    /** Nothing to do until something changes (a container exits, a probe result, the pod is updated). */
    record Done() implements Action {}
  }

  public static List<Action> compute(Shape pod, boolean sandboxReady, Map<String, ContainerRecord> records,
      RestartBackOff backOff, Instant now) {
    List<Action> out = new ArrayList<>();
    if (pod.deleting()) {
      for (ContainerRecord r : records.values()) if (r.running()) out.add(new Action.Kill(r.name(), "Killing"));
      out.add(out.isEmpty() && sandboxReady ? new Action.TearDown() : new Action.Done());
      return out;
    }
    if (!sandboxReady) return List.of(new Action.CreateSandbox());
    // Init containers, one at a time (restartable ones, sidecars, start in order and keep running).
    for (PodPhases.InitContainer init : pod.initContainers()) {
      ContainerRecord r = records.get(init.name());
      if (init.restartable()) {
        if (r == null || !r.running()) return List.of(startOrBackOff(pod, init.name(), true, r, backOff, now, "Always"));
        if (!r.started()) return List.of(new Action.Done()); // a sidecar must have started before the next one
        continue;
      }
      if (r == null) return List.of(new Action.Start(init.name(), true));
      if (r.running()) return List.of(new Action.Done());
      Optional<ContainerRecord.State.Terminated> last = lastExit(r);
      if (last.isPresent() && last.get().exitCode() == 0 && r.terminated()) continue;
      if ("Never".equals(pod.restartPolicy())) return List.of(new Action.Done()); // the pod failed
      return List.of(startOrBackOff(pod, init.name(), true, r, backOff, now, "OnFailure"));
    }
    for (String name : pod.containers()) {
      ContainerRecord r = records.get(name);
      if (r == null) {
        out.add(new Action.Start(name, false));
      } else if (!r.running()) {
        Optional<ContainerRecord.State.Terminated> last = lastExit(r);
        boolean restart = switch (pod.restartPolicy() == null ? "Always" : pod.restartPolicy()) {
          case "Never" -> false;
          case "OnFailure" -> last.isPresent() && last.get().exitCode() != 0;
          default -> true;
        };
        if (restart || last.isEmpty()) out.add(startOrBackOff(pod, name, false, r, backOff, now, pod.restartPolicy()));
      }
    }
    if (out.isEmpty()) out.add(new Action.Done());
    return out;
  }

  private static Action startOrBackOff(Shape pod, String name, boolean init, ContainerRecord r, RestartBackOff backOff,
      Instant now, String policy) {
    Optional<ContainerRecord.State.Terminated> last = r == null ? Optional.empty() : lastExit(r);
    if (last.isEmpty()) return new Action.Start(name, init);
    String key = pod.podKey() + "/" + name;
    Optional<java.time.Duration> wait = backOff.waiting(key, last.get().finishedAt(), now);
    if (wait.isPresent()) {
      return new Action.BackOff(name, last.get().finishedAt().plus(wait.get()), "back-off "
          + RestartBackOff.goDuration(wait.get()) + " restarting failed container=" + name + " pod=" + podForMessage(pod));
    }
    return new Action.Start(name, init);
  }

  /** kubelet's format.Pod: name_namespace(uid); the key carries namespace/name and the uid after a '#'. */
  private static String podForMessage(Shape pod) {
    String key = pod.podKey();
    int hash = key.indexOf('#');
    String nsName = hash < 0 ? key : key.substring(0, hash);
    String uid = hash < 0 ? "" : key.substring(hash + 1);
    int slash = nsName.indexOf('/');
    return nsName.substring(slash + 1) + "_" + nsName.substring(0, slash) + "(" + uid + ")";
  }

  private static Optional<ContainerRecord.State.Terminated> lastExit(ContainerRecord r) {
    return r.state() instanceof ContainerRecord.State.Terminated t ? Optional.of(t) : r.lastTermination();
  }
}
