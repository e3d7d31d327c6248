package dev.netkube.agent.streaming;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * kubelet's container log options (v1 PodLogOptions as the API server passes them on);
 * {@code sinceTime} already holds sinceSeconds resolved against the clock.
 */
public record LogOptions(boolean follow, boolean previous, boolean timestamps, OptionalLong tailLines,
    Optional<Instant> sinceTime, OptionalLong limitBytes) {

  public static LogOptions defaults() {
    return new LogOptions(false, false, false, OptionalLong.empty(), Optional.empty(), OptionalLong.empty());
  }
}
