package dev.netkube.agent.runtime;

import dev.netkube.agent.runtime.process.Pty;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** An exec'd process: pipes, or a terminal whose slave the agent lets go of once the process has exited. */
final class ProcessExec implements ExecSession {
  private final Process process;
  private final Pty pty;
  private final boolean withStdin;
  private final CompletableFuture<Integer> exit;

  ProcessExec(Process process, Pty pty, boolean withStdin) {
    this.process = process;
    this.pty = pty;
    this.withStdin = withStdin;
    this.exit = process.onExit().thenApply(p -> {
      if (pty != null) pty.releaseSlave();
      return p.exitValue();
    });
  }

  @Override
  public Optional<OutputStream> stdin() {
    if (!withStdin) return Optional.empty();
    return Optional.of(pty != null ? pty.input() : process.getOutputStream());
  }

  @Override
  public InputStream stdout() { return pty != null ? pty.output() : process.getInputStream(); }

  @Override
  public InputStream stderr() { return pty != null ? InputStream.nullInputStream() : process.getErrorStream(); }

  @Override
  public void resize(int columns, int rows) throws IOException {
    if (pty != null) pty.resize(columns, rows);
  }

  @Override
  public CompletableFuture<Integer> exit() { return exit; }

  @Override
  public void close() {
    // nsenter forked the exec'd process into the container's PID namespace: end it, not only nsenter.
    if (process.isAlive()) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    if (pty != null) pty.close();
  }
}
