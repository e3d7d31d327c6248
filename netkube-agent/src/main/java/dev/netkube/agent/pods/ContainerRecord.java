package dev.netkube.agent.pods;

import java.time.Instant;
import java.util.Optional;

/**
 * What the agent knows of one container of a pod: its current state (waiting with a reason,
 * running, or terminated), its last termination, how often it restarted and whether its probes
 * say it is ready and started. The pod worker updates it; {@link PodStatusBuilder} turns it into
 * a containerStatuses entry.
 */
public record ContainerRecord(
    String name,
    String image,
    Optional<String> containerId,
    State state,
    Optional<State.Terminated> lastTermination,
    int restartCount,
    boolean ready,
    boolean started,
    String imageId) {

  /** A container's state as the API words it (v1.ContainerState). */
  public sealed interface State permits State.Waiting, State.Running, State.Terminated {
    /** e.g. ContainerCreating, PodInitializing, CrashLoopBackOff, ErrImagePull, ImagePullBackOff. */
    record Waiting(String reason, String message) implements State {}

    record Running(Instant startedAt) implements State {}

    /** reason Completed for exit 0, Error otherwise (as containerd reports), or OOMKilled / ContainerCannotRun. */
    record Terminated(int exitCode, String reason, String message, Instant startedAt, Instant finishedAt,
        Optional<String> containerId) implements State {}
  }

  public static ContainerRecord waiting(String name, String image, String reason) {
    return new ContainerRecord(name, image, Optional.empty(), new State.Waiting(reason, ""), Optional.empty(), 0, false, false, "");
  }

  public boolean running() { return state instanceof State.Running; }

  /** The image as the runtime resolved it: containerStatuses' image (normalized) and imageID. */
  public ContainerRecord withImage(String resolvedImage, String resolvedImageId) {
    return new ContainerRecord(name, resolvedImage, containerId, state, lastTermination, restartCount, ready, started,
        resolvedImageId);
  }

  public boolean terminated() { return state instanceof State.Terminated; }

  public ContainerRecord withState(State next) {
    return new ContainerRecord(name, image, containerId, next, lastTermination, restartCount, ready, started, imageId);
  }

  public ContainerRecord withProbes(boolean nowReady, boolean nowStarted) {
    return new ContainerRecord(name, image, containerId, state, lastTermination, restartCount, nowReady, nowStarted, imageId);
  }

  /** Waiting to start again (CrashLoopBackOff, ImagePullBackOff, ...): a termination moves to lastState. */
  public ContainerRecord waitingAgain(String reason, String message) {
    Optional<State.Terminated> last = state instanceof State.Terminated t ? Optional.of(t) : lastTermination;
    return new ContainerRecord(name, image, containerId, new State.Waiting(reason, message), last, restartCount, false, false, imageId);
  }

  /** A new instance started; a start after a termination counts as a restart (restartCount). */
  public ContainerRecord startedAgain(String newContainerId, Instant at) {
    Optional<State.Terminated> last = state instanceof State.Terminated t ? Optional.of(t) : lastTermination;
    int restarts = last.isPresent() ? restartCount + 1 : restartCount;
    return new ContainerRecord(name, image, Optional.of(newContainerId), new State.Running(at), last, restarts, false, false, imageId);
  }
}
