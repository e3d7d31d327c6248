package dev.netkube.agent.images;

import dev.netkube.agent.runtime.EnvVar;
import java.util.List;

/**
 * The process a container runs, fully composed: argv, its whole environment (what {@code env} prints in the
 * container), the working directory, the image's own files and the image's stop signal.
 */
public record ContainerLaunch(List<String> argv, List<EnvVar> env, String workingDir, List<ImageMount> mounts, String stopSignal) {
  public ContainerLaunch {
    argv = List.copyOf(argv);
    env = List.copyOf(env);
    mounts = List.copyOf(mounts);
  }
}
