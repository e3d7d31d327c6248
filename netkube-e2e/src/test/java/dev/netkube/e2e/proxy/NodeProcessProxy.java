package dev.netkube.e2e.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * netkube's proxy as the DaemonSet runs it, `netkube proxy --config ... --kubeconfig ...`, in its own JVM inside
 * the node's network namespace (hostNetwork), so that its listeners bind there: the userspace mode's sockets
 * cannot be opened in another namespace from this JVM. Its output goes to a log file; {@link #close()} ends the
 * process by its pid (SIGTERM: its shutdown hook closes the proxy) and waits for it.
 */
final class NodeProcessProxy implements ProxyUnderTest {
  static final int HEALTH_PORT = 10256;
  static final int METRICS_PORT = 10249;
  private final Process process;
  private final String netns;
  private final Path log;

  private NodeProcessProxy(Process process, String netns, Path log) {
    this.process = process;
    this.netns = netns;
    this.log = log;
  }

  /** Starts it and returns once /healthz answers 200 (the informers synced and the first sync ran). */
  static NodeProcessProxy start(String netns, String nodeName, String configYaml, String kubeconfigYaml, Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("proxy-config.yaml"), configYaml);
    Path kubeconfig = Files.writeString(dir.resolve("proxy-kubeconfig.yaml"), kubeconfigYaml);
    Path log = dir.resolve("proxy.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(List.of("ip", "netns", "exec", netns, java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), "dev.netkube.cli.Main", "proxy",
        "--config", config.toString(), "--kubeconfig", kubeconfig.toString(), "--hostname-override", nodeName))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    NodeProcessProxy proxy = new NodeProcessProxy(p, netns, log);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (System.nanoTime() < deadline) {
        if (!p.isAlive()) throw new AssertionError("the proxy exited with " + p.exitValue() + ":\n" + proxy.log());
        Optional<HttpAnswer> h = proxy.get(HEALTH_PORT, "/healthz");
        if (h.isPresent() && h.get().status() == 200) return proxy;
        Thread.sleep(200);
      }
      throw new AssertionError("the proxy did not become healthy:\n" + proxy.log());
    } catch (Exception | AssertionError e) {
      proxy.close();
      throw e;
    }
  }

  String log() throws IOException { return Files.exists(log) ? Files.readString(log) : "(no log)"; }

  @Override
  public int healthPort() { return HEALTH_PORT; }

  @Override
  public int metricsPort() { return METRICS_PORT; }

  /** curl in the node's namespace: the head and the body apart (-D), exit code 7 or 28 is no answer. */
  @Override
  public Optional<HttpAnswer> get(int port, String path) throws Exception {
    Path head = Files.createTempFile(log.getParent(), "head-", ".txt");
    try {
      ProxyNetns.Result r = ProxyNetns.exec(netns, "curl", "-s", "-m", "3", "-D", head.toString(), "http://127.0.0.1:" + port + path);
      if (r.exitCode() != 0) return Optional.empty();
      List<String> lines = Files.readAllLines(head, StandardCharsets.UTF_8);
      int status = Integer.parseInt(lines.get(0).split(" ")[1]);
      Map<String, String> headers = new TreeMap<>();
      for (String l : lines.subList(1, lines.size())) {
        int colon = l.indexOf(':');
        if (colon > 0) headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
      }
      return Optional.of(new HttpAnswer(status, headers, r.out()));
    } finally {
      Files.deleteIfExists(head);
    }
  }

  @Override
  public void close() throws InterruptedException, IOException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
    // kept beside the build's reports: the namespace's folder goes with the test
    Path reports = Path.of("target", "proxy-logs");
    if (Files.exists(log) && Files.isDirectory(Path.of("target"))) {
      Files.createDirectories(reports);
      Files.copy(log, reports.resolve(netns + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
