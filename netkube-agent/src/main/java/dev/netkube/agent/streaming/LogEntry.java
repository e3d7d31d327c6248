package dev.netkube.agent.streaming;

import java.time.Instant;

/**
 * One line of a container's log as the runtime recorded it (CRI log format: time, stream,
 * content); {@code content} holds the line's bytes including its trailing newline, if it had one.
 */
public record LogEntry(Instant time, Stream stream, byte[] content) {
  public enum Stream { STDOUT, STDERR }
}
