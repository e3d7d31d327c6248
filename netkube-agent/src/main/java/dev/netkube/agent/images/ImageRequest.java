package dev.netkube.agent.images;

import dev.netkube.agent.runtime.EnvVar;
import java.util.List;

/**
 * What the agent knows of a container when it resolves its image.
 *
 * @param containerId the id the agent gives this container start (for containerd-worded errors)
 * @param image {@code container.image} as written
 * @param command {@code container.command}
 * @param args {@code container.args}
 * @param declaredEnv the container's declared environment ({@link ContainerEnv#compose})
 * @param workingDir {@code container.workingDir}, empty when not set
 * @param tty {@code container.tty}
 * @param hostname the pod's hostname (containerd's HOSTNAME variable)
 */
public record ImageRequest(String containerId, String image, List<String> command, List<String> args,
                           List<EnvVar> declaredEnv, String workingDir, boolean tty, String hostname) {
  public ImageRequest {
    command = List.copyOf(command);
    args = List.copyOf(args);
    declaredEnv = List.copyOf(declaredEnv);
  }
}
