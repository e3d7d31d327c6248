package dev.netkube.agent.cni;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real thing: one child process per plugin run. */
final class ProcessPluginExecutor implements PluginExecutor {
  private final List<String> prefix;
  private final Duration timeout;

  ProcessPluginExecutor(List<String> prefix, Duration timeout) {
    this.prefix = List.copyOf(prefix);
    this.timeout = timeout;
  }

  @Override
  public PluginOutcome execute(Path plugin, Map<String, String> cniEnv, byte[] stdin) {
    List<String> command = new ArrayList<>(prefix);
    command.add(plugin.toString());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(cniEnv);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("failed to run " + String.join(" ", command) + ": " + e.getMessage(), e);
    }
    try {
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin);
      } catch (IOException ignored) {
        // The plugin exited without reading its config; its exit status tells why.
      }
      // Results and errors are a few KiB, far below a pipe's buffer: waiting before reading cannot
      // block the plugin, and the wait is what bounds a hung one.
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException("plugin did not finish within " + timeout.toSeconds() + "s (killed)");
      }
      return PluginOutcome.of(p.exitValue(), readAll(p.getInputStream()), readAll(p.getErrorStream()));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the plugin ran (killed)", e);
    } finally {
      closeQuietly(p);
    }
  }

  private static byte[] readAll(InputStream s) {
    try (s) {
      return s.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static void closeQuietly(Process p) {
    try {
      p.getInputStream().close();
      p.getErrorStream().close();
    } catch (IOException ignored) {
      // nothing left to read
    }
  }

  @Override
  public String toString() { return "ProcessPluginExecutor" + prefix; }
}
