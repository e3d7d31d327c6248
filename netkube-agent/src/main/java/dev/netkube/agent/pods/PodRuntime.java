package dev.netkube.agent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the pod worker needs from the node: a sandbox per pod (its network namespace, networked by
 * CNI) and containers in it. The agent's adapters implement it over the CNI runtime and the
 * container runtime; tests may use their own.
 */
public interface PodRuntime extends dev.netkube.agent.probes.Prober.Exec {
  /** The pod's network: a netns (none for hostNetwork pods: the node's own) and its IPs. */
  record Sandbox(Optional<Path> netns, List<String> podIps) {}

  /**
   * A container that could not start: reason and message as the container's waiting state shows
   * them (ErrImagePull, CreateContainerConfigError, ...), the Failed event's text, and for image
   * pulls the back-off state kubelet shows between attempts (ImagePullBackOff).
   */
  final class StartFailure extends Exception {
    /** The waiting state and the event while kubelet backs off before the next pull. */
    public record PullBackOff(String reason, String message, String event) {}

    private final String reason;
    private final String event;
    private final java.util.Optional<PullBackOff> pullBackOff;

    public StartFailure(String reason, String message) { this(reason, message, message, java.util.Optional.empty()); }

    public StartFailure(String reason, String message, String event, java.util.Optional<PullBackOff> pullBackOff) {
      super(message);
      this.reason = reason;
      this.event = event;
      this.pullBackOff = pullBackOff;
    }

    public String reason() { return reason; }

    public String event() { return event; }

    public java.util.Optional<PullBackOff> pullBackOff() { return pullBackOff; }
  }

  /** A sandbox that could not be made; the message is the whole FailedCreatePodSandBox event text. */
  final class SandboxFailure extends Exception {
    public SandboxFailure(String message, Throwable cause) { super(message, cause); }
  }

  /** Volumes that could not be set up: each message is one FailedMount event (kubelet's MountVolume.SetUp failed ...). */
  final class VolumeFailure extends Exception {
    private final List<String> events;

    public VolumeFailure(List<String> events) {
      super(String.join("; ", events));
      this.events = List.copyOf(events);
    }

    public List<String> events() { return events; }
  }

  /** How a container instance ended. */
  record Exit(int code, String reason, String message, Instant finishedAt) {}

  /** A started container instance. */
  interface Started {
    String id();

    Instant startedAt();

    CompletableFuture<Exit> exit();

    /** containerStatuses' image: the normalized reference (docker.io/library/nginx:latest). */
    default String image() { return ""; }

    /** containerStatuses' imageID. */
    default String imageId() { return ""; }
  }

  /** Sets up the pod's volumes before its sandbox, as kubelet waits for them to be mounted; idempotent. */
  default void setUpVolumes(Pod pod) throws VolumeFailure {}

  /** The pod's object changed (labels, annotations: what downwardAPI volumes show). */
  default void podUpdated(Pod pod) {}

  Sandbox createSandbox(Pod pod) throws SandboxFailure;

  /** Idempotent: a pod without a sandbox is fine. */
  void removeSandbox(Pod pod);

  Started start(Pod pod, Container container, Sandbox sandbox) throws StartFailure;

  /** SIGTERM, then SIGKILL after the grace period; returns once the instance has exited. */
  void stop(String containerId, Duration grace);

  /**
   * The pod is gone for good (deleted): its logs, files and every container instance's folder may go
   * too (a terminal pod keeps them until then).
   */
  default void forgetPod(Pod pod) {}

}
