package dev.netkube.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl against a test cluster's kubeconfig, with a private HOME and cache. */
public final class Kubectl {
  private final Path kubeconfig;
  private final Path home;
  private final String binary;

  public Kubectl(Path kubeconfig, Path home) {
    this(kubeconfig, home, System.getenv().getOrDefault("NETKUBE_KUBECTL", "kubectl"));
  }

  public Kubectl(Path kubeconfig, Path home, String binary) {
    this.kubeconfig = kubeconfig;
    this.home = home;
    this.binary = binary;
  }

  /** What one kubectl run printed and returned. */
  public record Result(int exitCode, String out, String err) {
    public Result ok() {
      if (exitCode != 0) throw new AssertionError("kubectl failed (" + exitCode + "):\n" + err + out);
      return this;
    }
  }

  public Result run(String... args) { return run(null, 60, args); }

  public Result runWithInput(String stdin, String... args) { return run(stdin, 60, args); }

  public Result run(String stdin, int timeoutSeconds, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("HOME", home.toString());
    env.remove("KUBECTL_EXTERNAL_DIFF");
    try {
      Process p = pb.start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread to = pump(p.getInputStream(), out);
      Thread te = pump(p.getErrorStream(), err);
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " timed out");
      }
      to.join();
      te.join();
      return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run kubectl (" + binary + "): " + e.getMessage()
          + " - run ./test, which checks the tools the tests need", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Starts kubectl and leaves it running (for -w); the caller reads and destroys it. */
  public Process start(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().put("HOME", home.toString());
    return pb.start();
  }

  private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
    Thread t = new Thread(() -> {
      try {
        in.transferTo(sink);
      } catch (IOException ignored) {
        // the process went away
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }
}
