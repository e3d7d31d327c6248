package dev.netkube.cli.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a short command (ip, nft) to its end: stdin given, stdout and stderr kept. */
public final class Exec {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Exec() {}

  /** How a command ended. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean ok() { return exitCode == 0; }

    /** The command, its exit code and what it said: for an error message. */
    public String failure() {
      String said = (stderr.isBlank() ? stdout : stderr).strip();
      return String.join(" ", command) + " exited with " + exitCode + (said.isEmpty() ? "" : ": " + said);
    }
  }

  /** A command failed; the message says which and what it printed. */
  public static final class Failed extends RuntimeException {
    private final Result result;

    public Failed(Result result, String context) {
      super((context.isEmpty() ? "" : context + ": ") + result.failure());
      this.result = result;
    }

    public Result result() { return result; }
  }

  public static Result run(List<String> command, String stdin) {
    try {
      Process process = new ProcessBuilder(command).start();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // it exited without reading all of its input: its exit code and stderr say why
      }
      String out = drain(process.getInputStream());
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Result(command, -1, out, "timed out after " + TIMEOUT.toSeconds() + " s");
      }
      return new Result(command, process.exitValue(), out, err.join());
    } catch (IOException e) {
      return new Result(command, 127, "", e.getMessage() == null ? "cannot run " + command.get(0) : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(command, -1, "", "interrupted");
    }
  }

  /** Runs it and returns its stdout; throws {@link Failed} when it exits non-zero. */
  public static String check(List<String> command, String stdin) {
    Result result = run(command, stdin);
    if (!result.ok()) throw new Failed(result, "");
    return result.stdout();
  }

  private static String drain(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
