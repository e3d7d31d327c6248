package dev.netkube.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * `netkube server` as a separate process (this JVM's classpath), for tests that kill it:
 * durability after SIGKILL, restarts. Killed on close, whatever happened.
 */
final class ServerProcess implements AutoCloseable {
  private final Path home;
  private final int port;
  private final List<String> extraArgs;
  private Process process;

  ServerProcess(Path home, List<String> extraArgs) throws IOException {
    this.home = home;
    this.extraArgs = extraArgs;
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
  }

  int port() { return port; }

  void start() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.netkube.cli.Main", "server", "--port", Integer.toString(port)));
    cmd.addAll(extraArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server.log").toFile()));
    pb.environment().put("NETKUBE_HOME", home.toString());
    process = pb.start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) throw new AssertionError("server exited: " + Files.readString(home.resolve("server.log")));
      if (Files.exists(home.resolve("pki/admin.key"))) {
        Curl.Result r = Curl.run(home.resolve("pki/ca.crt"), List.of("https://127.0.0.1:" + port + "/readyz"));
        if (r.httpCode() == 200) return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("server not ready in 60 s: " + Files.readString(home.resolve("server.log")));
  }

  /** SIGKILL: no shutdown hook, no flush, like a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  Kubectl kubectl() throws IOException {
    Path kc = home.resolve("kubeconfig-test");
    Files.writeString(kc, TestCluster.kubeconfigYaml(Files.readString(home.resolve("pki/ca.crt")),
        Files.readString(home.resolve("pki/admin.crt")), Files.readString(home.resolve("pki/admin.key")), port));
    return new Kubectl(kc, Files.createDirectories(home.resolve("kubectl-home")));
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) kill();
  }
}
