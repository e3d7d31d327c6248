package dev.netkube.agent.runtime.logs;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What {@code kubectl logs} asks for (kubelet's ContainerLogsOptions): the last {@code tailLines} lines, lines
 * since a time, at most {@code limitBytes}, each line prefixed with its time, and following the file until the
 * container stops. {@code streams} is which outputs (the 1.32 alpha {@code stream} parameter; both by default).
 */
public record LogOptions(OptionalLong tailLines, Optional<Instant> since, OptionalLong limitBytes, boolean timestamps,
                         boolean follow, Set<LogStream> streams) {
  public LogOptions {
    streams = streams.isEmpty() ? EnumSet.allOf(LogStream.class) : EnumSet.copyOf(streams);
  }

  public static LogOptions all() {
    return new LogOptions(OptionalLong.empty(), Optional.empty(), OptionalLong.empty(), false, false, EnumSet.allOf(LogStream.class));
  }

  public LogOptions tail(long lines) { return new LogOptions(OptionalLong.of(lines), since, limitBytes, timestamps, follow, streams); }

  public LogOptions since(Instant t) { return new LogOptions(tailLines, Optional.of(t), limitBytes, timestamps, follow, streams); }

  public LogOptions limitBytes(long n) { return new LogOptions(tailLines, since, OptionalLong.of(n), timestamps, follow, streams); }

  public LogOptions withTimestamps() { return new LogOptions(tailLines, since, limitBytes, true, follow, streams); }

  public LogOptions following() { return new LogOptions(tailLines, since, limitBytes, timestamps, true, streams); }

  public LogOptions only(LogStream stream) { return new LogOptions(tailLines, since, limitBytes, timestamps, follow, EnumSet.of(stream)); }
}
