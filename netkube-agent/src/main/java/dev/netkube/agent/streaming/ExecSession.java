package dev.netkube.agent.streaming;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * One running exec (or attach) in a container, as the runtime hands it to the streaming server:
 * plain blocking streams, as {@link Process} has them. The server pumps them on threads of its
 * own; it closes {@link #stdin()} when the client's input ends and calls {@link #close()} when
 * the client goes away before the command ended.
 */
public interface ExecSession extends AutoCloseable {
  /** The command's standard input; only written when the request asked for stdin. */
  OutputStream stdin();

  /** The command's standard output (with a TTY: the terminal's output). */
  InputStream stdout();

  /** The command's standard error; an empty stream with a TTY (kubelet merges it into the terminal). */
  InputStream stderr();

  /** The client resized its terminal (TTY sessions only). */
  void resize(TerminalSize size);

  /**
   * Blocks until the command ended and returns its exit code (attach: until the container's
   * streams ended; the code is ignored). Throws {@link ExecFailedException} when the command could
   * not run at all (e.g. no such executable), which the client sees as an internal error.
   */
  int waitFor() throws InterruptedException, ExecFailedException;

  /** The client went away: end the exec process (attach: detach only). Must be idempotent. */
  @Override
  void close();

  /** The command could not be run; the message is the runtime's (kubelet prefixes it). */
  final class ExecFailedException extends Exception {
    public ExecFailedException(String message) { super(message); }
  }
}
