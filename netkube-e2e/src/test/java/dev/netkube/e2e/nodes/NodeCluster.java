package dev.netkube.e2e.nodes;

import dev.netkube.e2e.Kubectl;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A whole netkube cluster as a user starts it, `netkube up --nodes N` (this JVM's class path
 * instead of ./netkube), with a name prefix, LAN and pod CIDR of its own so that it never meets a
 * user's netkube: real namespaces, real agents, real pods. {@link #close()} runs `down --purge`.
 */
public final class NodeCluster implements AutoCloseable {
  private final Path home;
  private final String prefix;
  private final String lan;
  private final int port;
  private final Kubectl kubectl;

  private NodeCluster(Path home, String prefix, String lan, int port) {
    this.home = home;
    this.prefix = prefix;
    this.lan = lan;
    this.port = port;
    this.kubectl = new Kubectl(home.resolve("user-kubeconfig"), home);
  }

  /** Starts it; returns once `up` is done (the API ready, the agents started). */
  public static NodeCluster up(int nodes) throws Exception {
    String hex = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt()); // 4 hex digits
    int third = 16 + ThreadLocalRandom.current().nextInt(200);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path home = Files.createTempDirectory("nkt" + hex + "-");
    NodeCluster c = new NodeCluster(home, "nkt" + hex, "10.213." + third + ".0/24", port);
    try {
      c.main(120, "up", "--nodes", Integer.toString(nodes), "--prefix", c.prefix, "--lan-cidr", c.lan,
          // a pod CIDR clear of the LAN (10.213), the services (10.96/12) and a user's 10.244
          "--pod-cidr", "10." + (220 + ThreadLocalRandom.current().nextInt(24)) + ".0.0/16", "--port", Integer.toString(port));
    } catch (Exception | AssertionError e) {
      c.close();
      throw e;
    }
    return c;
  }

  public Kubectl kubectl() { return kubectl; }

  /** The API server as pods reach it: the host's LAN address and the cluster's port. */
  public String serverOnLan() { return "https://" + nodeIp(0) + ":" + port; }

  public Path home() { return home; }

  public String prefix() { return prefix; }

  /** The LAN address of node i (1-based), as DESIGN.md's layout gives it: .2 for node-1. */
  public String nodeIp(int i) { return lan.substring(0, lan.lastIndexOf('.')) + "." + (1 + i); }

  /** `netkube lan -- CMD`: CMD in the LAN client's namespace; its output and exit code. */
  public Result lan(String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of("lan", "--"));
    args.addAll(List.of(command));
    return run(60, args.toArray(String[]::new));
  }

  public record Result(int exitCode, String output) {}

  /** CMD in node i's network namespace (as a process on that node would run it). */
  public Result onNode(int i, String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", prefix + "-node-" + i));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    p.waitFor(60, TimeUnit.SECONDS);
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** `netkube ARGS...` against this cluster (its NETKUBE_HOME): output and exit code. */
  public Result netkube(String... args) throws Exception { return run(60, args); }

  private void main(int timeoutSeconds, String... args) throws Exception {
    Result r = run(timeoutSeconds, args);
    if (r.exitCode() != 0) throw new AssertionError("netkube " + String.join(" ", args) + " failed: " + r.output());
  }

  private Result run(int timeoutSeconds, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.netkube.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("NETKUBE_HOME", home.toString());
    pb.environment().put("KUBECONFIG", home.resolve("user-kubeconfig").toString());
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("netkube " + String.join(" ", args) + " did not finish in " + timeoutSeconds + " s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** The agent's log, for failure messages. */
  public String agentLog(int node) throws IOException {
    Path log = home.resolve("logs/agent-node-" + node + ".log");
    return Files.exists(log) ? Files.readString(log) : "(no agent log)";
  }

  public long agentPid(int node) throws IOException {
    return Long.parseLong(Files.readString(home.resolve("agents/node-" + node + ".pid")).trim());
  }

  @Override
  public void close() throws Exception {
    try {
      main(120, "down", "--purge");
    } finally {
      if (!Files.exists(home)) return; // down --purge removed it
      try (Stream<Path> files = Files.walk(home)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }
}
