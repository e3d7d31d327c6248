package dev.netkube.agent.runtime;

import java.time.Instant;
import java.util.Optional;

/**
 * How a container start ended. {@code exitCode} is as containers report it: the process's exit status, or 128 plus
 * the signal that killed it (137 for SIGKILL, 143 for SIGTERM). {@code startError} is set when the process never
 * ran (a mount, the working directory or argv[0] failed; runc's wording, kubelet's reason StartError, exit code 128).
 * Choosing the reason (Completed, Error, ...) is the agent's job.
 */
public record ContainerExit(int exitCode, Optional<String> startError, Instant startedAt, Instant finishedAt) {
  public boolean started() { return startError.isEmpty(); }
}
