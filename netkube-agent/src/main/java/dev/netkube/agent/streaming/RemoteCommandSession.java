package dev.netkube.agent.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one exec or attach between the runtime's {@link ExecSession} and a
 * {@link CommandTransport}: pumps stdout and stderr to the client, the client's stdin to the
 * command, resizes to the terminal, and when the command ended writes the status and closes, as
 * kubelet's ServeExec / ServeAttach do. A client that goes away first ends the session.
 */
final class RemoteCommandSession {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteCommandSession.class);
  /** How long output may still drain after the command exited (a background child may hold the pipe). */
  private static final long DRAIN_SECONDS = 5;

  private final ExecSession exec;
  private final CommandOptions options;
  private final boolean attach;
  private final Executor threads;
  private final ResizeDecoder resizes = new ResizeDecoder();
  private final AtomicBoolean done = new AtomicBoolean();
  private CommandTransport transport;
  private InputQueue stdin;

  RemoteCommandSession(ExecSession exec, CommandOptions options, boolean attach, Executor threads) {
    this.exec = exec;
    this.options = options;
    this.attach = attach;
    this.threads = threads;
  }

  /** Starts pumping once the client's streams are all there. */
  void start(CommandTransport transport) {
    this.transport = transport;
    if (options.stdin()) {
      stdin = new InputQueue(threads, transport::pauseInput);
      stdin.target(exec.stdin());
    } else {
      closeQuietly(exec.stdin());
    }
    CountDownLatch pumps = new CountDownLatch(2);
    pump(exec.stdout(), options.stdout() ? CommandTransport.Output.STDOUT : null, pumps);
    pump(exec.stderr(), options.stderr() ? CommandTransport.Output.STDERR : null, pumps);
    threads.execute(() -> awaitEnd(pumps));
  }

  void stdin(byte[] data) {
    if (stdin != null) stdin.offer(data);
  }

  void stdinClosed() {
    if (stdin != null) stdin.end();
  }

  void resize(byte[] json) {
    if (!options.tty()) return;
    for (TerminalSize size : resizes.feed(json)) exec.resize(size);
  }

  /** The connection closed: end the command (attach: detach) unless it already ended. */
  void clientGone() {
    if (stdin != null) stdin.end();
    if (!done.get()) exec.close();
  }

  private void pump(InputStream in, CommandTransport.Output out, CountDownLatch pumps) {
    threads.execute(() -> {
      byte[] buf = new byte[32 * 1024];
      try {
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (n > 0 && out != null) transport.write(out, buf, n);
        }
      } catch (IOException e) {
        LOG.debug("output pump ended", e);
      } finally {
        if (out != null) transport.endOutput(out);
        pumps.countDown();
      }
    });
  }

  private void awaitEnd(CountDownLatch pumps) {
    ExecStatus status;
    try {
      int code = exec.waitFor();
      status = attach || code == 0 ? new ExecStatus.Success() : new ExecStatus.NonZeroExit(code, options.command());
      if (!pumps.await(DRAIN_SECONDS, TimeUnit.SECONDS)) LOG.debug("output still open {} s after the exit", DRAIN_SECONDS);
    } catch (ExecSession.ExecFailedException e) {
      status = attach ? ExecStatus.Internal.attach(e.getMessage()) : ExecStatus.Internal.exec(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = ExecStatus.Internal.exec("interrupted");
    }
    done.set(true);
    transport.writeStatus(status);
    transport.finish();
    exec.close();
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // nothing to close
    }
  }
}
