package dev.netkube.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A process started in a running container ({@code kubectl exec}). With a tty, stdout carries the terminal's output
 * and stderr is empty. {@link #close()} must be called once the client is done (it ends the process if still running
 * and frees the terminal).
 */
public interface ExecSession extends AutoCloseable {
  Optional<OutputStream> stdin();

  InputStream stdout();

  InputStream stderr();

  /** TIOCSWINSZ; a no-op without a tty. */
  void resize(int columns, int rows) throws IOException;

  /** The exit code (128 + signal when killed). */
  CompletableFuture<Integer> exit();

  @Override
  void close();
}
