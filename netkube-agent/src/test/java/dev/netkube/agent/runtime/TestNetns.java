package dev.netkube.agent.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** A real network namespace of the test's own ("nkt" + 4 hex), loopback up; removed by close(). */
final class TestNetns implements AutoCloseable {
  final String name;

  private TestNetns(String name) { this.name = name; }

  static String prefix() {
    byte[] b = new byte[2];
    ThreadLocalRandom.current().nextBytes(b);
    return "nkt" + HexFormat.of().formatHex(b);
  }

  static TestNetns create() throws Exception {
    TestNetns ns = new TestNetns(prefix());
    run("ip", "netns", "add", ns.name);
    run("ip", "-n", ns.name, "link", "set", "lo", "up");
    return ns;
  }

  Path path() { return Path.of("/run/netns", name); }

  /** Runs a command in the namespace; returns stdout (exit code ignored). */
  String exec(String... argv) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
    cmd.addAll(List.of(argv));
    return run(cmd.toArray(String[]::new));
  }

  static String run(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
    return new String(out, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception { run("ip", "netns", "del", name); }
}
