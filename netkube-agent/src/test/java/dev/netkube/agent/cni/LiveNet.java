package dev.netkube.agent.cni;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real network namespaces for one test, all named {@code nkt<4 hex>-...} so that tests of parallel
 * engineers never collide; after the test (passed or failed) it ends the processes it started (by
 * their handles), deletes every netns of its prefix and its state directory.
 */
final class LiveNet implements AfterEachCallback {
  record Run(int exitCode, String out) {}

  final String prefix = "nkt" + HexFormat.of().formatHex(SecureRandom.getSeed(2));
  final Path stateDir;
  private final List<Process> started = new ArrayList<>();

  LiveNet() {
    try {
      stateDir = Files.createTempDirectory(prefix + "-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A node netns (lo up), where the bridge and the plugins' iptables rules live. */
  String node(String suffix) {
    String name = prefix + "-" + suffix;
    must("ip", "netns", "add", name);
    must("ip", "-n", name, "link", "set", "lo", "up");
    return name;
  }

  /** The pods' netns helper of this test: names {@code <prefix>-pod-<uid>}. */
  SandboxNetns sandboxes() { return new SandboxNetns(prefix + "-pod-"); }

  /** A command in a netns: ip netns exec NAME CMD... (20 s at most). */
  Run in(String netns, String... command) {
    List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", netns));
    c.addAll(List.of(command));
    return run(c);
  }

  Run run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String must(String... command) {
    Run r = run(List.of(command));
    if (r.exitCode() != 0) throw new IllegalStateException(String.join(" ", command) + ": " + r.out());
    return r.out();
  }

  /** A long-running process in a netns, ended after the test. */
  Process start(String netns, String... command) {
    List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", netns));
    c.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(stateDir.resolve("proc-" + started.size() + ".log").toFile()).start();
      started.add(p);
      return p;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A python HTTP server in the netns, serving {@code text} at /, on {@code port}. */
  void httpServer(String netns, int port, String text) throws IOException {
    Path root = Files.createDirectories(stateDir.resolve("www-" + netns + "-" + port));
    Files.writeString(root.resolve("index.html"), text);
    start(netns, "/usr/bin/python3", "-m", "http.server", String.valueOf(port), "--bind", "0.0.0.0", "--directory", root.toString());
  }

  /** curl from a netns: the body, or "" when it failed. */
  String curl(String netns, String url) {
    Run r = in(netns, "curl", "-s", "--max-time", "3", url);
    return r.exitCode() == 0 ? r.out() : "";
  }

  /** curl until the server answers (it takes python a moment to start). */
  String curlUntilAnswered(String netns, String url) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      String body = curl(netns, url);
      if (!body.isEmpty() || System.nanoTime() > deadline) return body;
      sleep(50);
    }
  }

  /** The veth interfaces in a netns (pod ends seen from the node). */
  /** No veth left in the node's netns; the kernel removes a deleted netns's veths asynchronously, so wait a little. */
  void assertNoVeths(String node) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(veths(node)).isEmpty());
  }

  List<String> veths(String netns) {
    return must("ip", "-n", netns, "-o", "link", "show", "type", "veth").lines()
        .map(l -> l.split(":\\s+")[1].split("@")[0]).toList();
  }

  /** Files host-local keeps in its data dir for a network, other than its lock and last-reserved marker. */
  static List<String> allocatedIps(Path networkDir) throws IOException {
    if (!Files.isDirectory(networkDir)) return List.of();
    try (Stream<Path> s = Files.list(networkDir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("lock") && !n.startsWith("last_reserved_ip")).sorted().toList();
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (Process p : started) {
      p.destroy();
      if (!p.waitFor(2, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    try (Stream<Path> s = Files.list(SandboxNetns.NETNS_DIR)) {
      for (String n : s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix + "-")).toList()) {
        run(List.of("ip", "netns", "delete", n));
      }
    }
    try (Stream<Path> s = Files.walk(stateDir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
