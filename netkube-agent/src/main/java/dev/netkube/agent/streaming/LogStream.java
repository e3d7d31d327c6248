package dev.netkube.agent.streaming;

import java.io.IOException;
import java.util.Optional;

/**
 * A container's log from its beginning, entry by entry; the streaming server applies tail,
 * since, limitBytes and timestamps. When the request follows, {@link #next()} blocks for new
 * entries and ends (empty) once the container stopped and everything was read; otherwise it ends
 * at what was written when the stream was opened.
 */
public interface LogStream extends AutoCloseable {
  /** The next entry, or empty at the end of the log. */
  Optional<LogEntry> next() throws IOException, InterruptedException;

  /** True when every entry written so far has been returned (a following {@link #next()} would wait). */
  boolean caughtUp();

  /** The client went away or the stream ended. */
  @Override
  void close();
}
