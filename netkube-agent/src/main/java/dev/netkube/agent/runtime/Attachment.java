package dev.netkube.agent.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * A client attached to a running container ({@code kubectl attach}, {@code kubectl run -it}): it receives what the
 * container writes from now on, and may write to its stdin. {@link #close()} detaches; with stdinOnce that closes
 * the container's stdin, as kubelet does.
 */
public interface Attachment extends AutoCloseable {
  /** The container's stdin, when the container keeps one open; closing it is closing the container's stdin only with stdinOnce. */
  Optional<OutputStream> stdin();

  /** The container's terminal size, when it has a terminal. */
  void resize(int columns, int rows) throws IOException;

  @Override
  void close();
}
