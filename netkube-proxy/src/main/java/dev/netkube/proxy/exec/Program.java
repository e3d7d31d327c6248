package dev.netkube.proxy.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the system's programs the proxy drives (nft, conntrack): stdin written, stdout and stderr read apart
 * while it runs (neither pipe fills up), bounded by a timeout. Thin: every decision stays with the caller.
 */
public final class Program {
  private Program() {}

  /** What became of a run. */
  public sealed interface Result {
    record Exited(int code, String out, String err) implements Result {}

    /** The program could not be started (not installed, ...). */
    record NotStarted(String why) implements Result {}

    /** Killed after the timeout, or the calling thread was interrupted. */
    record Stopped(String why) implements Result {}
  }

  public static Result run(List<String> command, String stdin, Duration timeout) {
    Process p;
    try {
      p = new ProcessBuilder(command).start();
    } catch (IOException e) {
      return new Result.NotStarted(e.getMessage());
    }
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the program exited before reading all of it; its stderr says why
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return new Result.Stopped("did not finish in " + timeout.toSeconds() + " s");
      }
      return new Result.Exited(p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return new Result.Stopped("interrupted");
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
