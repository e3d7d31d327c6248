package dev.netkube.agent.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One start of a container, fully composed (the image catalog's {@code ContainerLaunch} plus what the pod gives).
 *
 * @param id unique per start (names the state directory; e.g. {@code <pod uid>-<container>-<restartCount>})
 * @param argv what runs; argv[0] is looked up in the container's PATH
 * @param env the process's whole environment, in order
 * @param workingDir absolute; must exist as the container sees it
 * @param netns the pod's network namespace ({@code /run/netns/<name>}), or empty for the agent's own (hostNetwork)
 * @param hostname the container's hostname (its own UTS namespace), or empty to keep the node's (hostNetwork)
 * @param mounts bind mounts, applied parents first; a missing target is created in the container's view only
 * @param stateDir the container's private directory on the node (created, and removed once the container is gone)
 * @param logFile the CRI log file of this start
 * @param stdin keep stdin open (for {@code attach}); else it reads /dev/null
 * @param stdinOnce close stdin once the first attached client detaches
 * @param tty give the process a pseudo-terminal as stdin, stdout and stderr
 */
public record ContainerSpec(String id, List<String> argv, List<EnvVar> env, String workingDir, Optional<Path> netns,
                            Optional<String> hostname, List<Mount> mounts, Path stateDir, Path logFile,
                            boolean stdin, boolean stdinOnce, boolean tty) {
  public ContainerSpec {
    Objects.requireNonNull(id, "id");
    argv = List.copyOf(argv);
    env = List.copyOf(env);
    mounts = List.copyOf(mounts);
    if (argv.isEmpty()) throw new IllegalArgumentException("argv is empty");
    if (!workingDir.startsWith("/")) throw new IllegalArgumentException("working directory must be absolute: " + workingDir);
  }

  /** A plain container: no stdin, no tty. */
  public static ContainerSpec of(String id, List<String> argv, List<EnvVar> env, String workingDir, Optional<Path> netns,
                                 Optional<String> hostname, List<Mount> mounts, Path stateDir, Path logFile) {
    return new ContainerSpec(id, argv, env, workingDir, netns, hostname, mounts, stateDir, logFile, false, false, false);
  }

  public ContainerSpec withStdin(boolean once) {
    return new ContainerSpec(id, argv, env, workingDir, netns, hostname, mounts, stateDir, logFile, true, once, tty);
  }

  public ContainerSpec withTty() {
    return new ContainerSpec(id, argv, env, workingDir, netns, hostname, mounts, stateDir, logFile, stdin, stdinOnce, true);
  }
}
