package dev.netkube.store.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-member etcd for tests: Debian's etcd-server binary on loopback with free ports
 * and a temporary data dir, stopped by its pid and removed on close (or at JVM exit).
 */
public final class EtcdServer implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final String clientUrl;
  private final Thread cleanupAtExit;

  private EtcdServer(Process process, Path dir, String clientUrl) {
    this.process = process;
    this.dir = dir;
    this.clientUrl = clientUrl;
    this.cleanupAtExit = new Thread(this::stopAndClean, "etcd-test-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanupAtExit);
  }

  public static EtcdServer start() throws Exception {
    Path binary = findBinary(System.getenv().getOrDefault("PATH", "/usr/bin"));
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) { // a free port may be taken before etcd binds it
      try {
        return startOnce(binary);
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  public String clientUrl() {
    return clientUrl;
  }

  long pid() {
    return process.pid();
  }

  /** The etcd binary on {@code path}; a missing binary fails the test (never skips it). */
  static Path findBinary(String path) {
    return Stream.of(path.split(":"))
        .map(p -> Path.of(p, "etcd"))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(() -> new AssertionError(
            "the etcd binary is not on PATH: run the project's test script, which installs it"
                + " (Debian package etcd-server: apt-get install -y etcd-server)"));
  }

  private static EtcdServer startOnce(Path binary) throws Exception {
    int clientPort = freePort();
    int peerPort = freePort();
    Path dir = Files.createTempDirectory("netkube-etcd-test");
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    Path log = dir.resolve("etcd.log");
    Process process = new ProcessBuilder(List.of(binary.toString(),
            "--name", "netkube-test",
            "--data-dir", dir.resolve("data").toString(),
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", "netkube-test=" + peer,
            "--log-level", "warn"))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    EtcdServer server = new EtcdServer(process, dir, client);
    try {
      server.awaitHealthy(log);
      return server;
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
  }

  private void awaitHealthy(Path log) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(clientUrl + "/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("\"health\":\"true\"")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("etcd did not become healthy within 30s:\n" + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    stopAndClean();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
    } catch (IllegalStateException shuttingDown) {
      // already running the hook
    }
  }

  private synchronized void stopAndClean() {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM to this pid
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
