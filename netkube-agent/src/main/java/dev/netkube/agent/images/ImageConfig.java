package dev.netkube.agent.images;

import dev.netkube.agent.runtime.EnvVar;
import java.util.List;
import java.util.Objects;

/**
 * What an image's OCI config says about the process (the parts containerd uses): ENTRYPOINT, CMD, ENV, WORKDIR and
 * STOPSIGNAL. An empty working directory means the runtime's default, {@code /}.
 */
public record ImageConfig(List<String> entrypoint, List<String> cmd, List<EnvVar> env, String workingDir, String stopSignal) {
  /** Docker's default PATH, which containerd puts first in every container's environment. */
  public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  public ImageConfig {
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = List.copyOf(env);
    Objects.requireNonNull(workingDir, "workingDir");
    Objects.requireNonNull(stopSignal, "stopSignal");
  }

  public static ImageConfig of(List<String> entrypoint, List<String> cmd) {
    return new ImageConfig(entrypoint, cmd, List.of(new EnvVar("PATH", DEFAULT_PATH)), "", "SIGTERM");
  }

  public ImageConfig withEnv(List<EnvVar> env) { return new ImageConfig(entrypoint, cmd, env, workingDir, stopSignal); }

  public ImageConfig withWorkingDir(String dir) { return new ImageConfig(entrypoint, cmd, env, dir, stopSignal); }

  public ImageConfig withStopSignal(String signal) { return new ImageConfig(entrypoint, cmd, env, workingDir, signal); }
}
