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

  /** A container that could not start: reason as kubelet reports it (ErrImagePull, CreateContainerError, ...). */
  final class StartFailure extends Exception {
    private final String reason;

    public StartFailure(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    public String reason() { return reason; }
  }

  /** A sandbox that could not be made; the message is the whole FailedCreatePodSandBox event text. */
  final class SandboxFailure extends Exception {
    public SandboxFailure(String message, Throwable cause) { super(message, cause); }
  }

  /** How a container instance ended. */
  record Exit(int code, String reason, String message, Instant finishedAt) {}

  /** A started container instance. */
  interface Started {
    String id();

    Instant startedAt();

    CompletableFuture<Exit> exit();
  }

  Sandbox createSandbox(Pod pod) throws SandboxFailure;

  /** Idempotent: a pod without a sandbox is fine. */
  void removeSandbox(Pod pod);

  Started start(Pod pod, Container container, Sandbox sandbox) throws StartFailure;

  /** SIGTERM, then SIGKILL after the grace period; returns once the instance has exited. */
  void stop(String containerId, Duration grace);

  /** Forget a container instance that exited and will not be looked at again (its logs stay while the pod lives). */
  default void forget(String containerId) {}
}
