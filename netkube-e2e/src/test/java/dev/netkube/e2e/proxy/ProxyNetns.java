package dev.netkube.e2e.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A node and a pod as two real network namespaces joined by a veth (node 10.250.0.1, pod 10.250.0.2), Debian's
 * nginx serving in the pod, the service CIDR routed into the veth so that the node's own traffic to a cluster IP
 * meets nat-output: what the proxy needs to be tested with real packets, without an agent. Names carry a per-run
 * prefix; {@link #close()} removes both namespaces (and so the veth, the nft table and nginx's sockets) and nginx.
 */
final class ProxyNetns implements AutoCloseable {
  static final String NODE_IP = "10.250.0.1";
  static final String POD_IP = "10.250.0.2";
  /** A second address on the pod's link, a second endpoint (nginx answers "hello from the second pod" there). */
  static final String SECOND_POD_IP = "10.250.0.3";
  /** The client outside the cluster (the seed's external client), on a link of its own into the node. */
  static final String CLIENT_IP = "192.168.77.2"; // outside the cluster CIDR (10.250.0.0/16): not pod traffic
  /** The node's address on the client's link: where the client reaches node ports. */
  static final String NODE_CLIENT_SIDE_IP = "192.168.77.1";
  final String node;
  final String pod;
  final String client;
  private final Path dir;
  private Process nginx;

  /** The per-run prefix: the node namespace is {@code <prefix>-<nodeName>}, as `up` names them. */
  final String prefix;

  private ProxyNetns(String prefix, String nodeName, Path dir) {
    this.prefix = prefix;
    this.node = prefix + "-" + nodeName;
    this.pod = prefix + "-pod";
    this.client = prefix + "-client";
    this.dir = dir;
  }

  static ProxyNetns create() throws Exception {
    return create("node");
  }

  /** With the node namespace named as a cluster layout names node {@code nodeName} ({@code <prefix>-node-1}). */
  static ProxyNetns create(String nodeName) throws Exception {
    String prefix = "nkp" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    ProxyNetns n = new ProxyNetns(prefix, nodeName, Files.createTempDirectory(prefix + "-"));
    try {
      n.setUp(prefix);
    } catch (Exception | AssertionError e) {
      n.close();
      throw e;
    }
    return n;
  }

  private void setUp(String prefix) throws Exception {
    run("ip", "netns", "add", node);
    run("ip", "netns", "add", pod);
    run("ip", "-n", node, "link", "add", "v-" + prefix, "type", "veth", "peer", "name", "eth0", "netns", pod);
    run("ip", "-n", node, "addr", "add", NODE_IP + "/24", "dev", "v-" + prefix);
    run("ip", "-n", node, "link", "set", "v-" + prefix, "up");
    run("ip", "-n", node, "link", "set", "lo", "up");
    run("ip", "-n", node, "route", "add", "10.96.0.0/12", "dev", "v-" + prefix);
    run("ip", "-n", pod, "addr", "add", POD_IP + "/24", "dev", "eth0");
    run("ip", "-n", pod, "addr", "add", SECOND_POD_IP + "/24", "dev", "eth0");
    run("ip", "-n", pod, "link", "set", "eth0", "up");
    run("ip", "-n", pod, "link", "set", "lo", "up");
    run("ip", "-n", pod, "route", "add", "default", "via", NODE_IP);
    run("ip", "netns", "add", client);
    run("ip", "-n", node, "link", "add", "c-" + prefix, "type", "veth", "peer", "name", "eth0", "netns", client);
    run("ip", "-n", node, "addr", "add", NODE_CLIENT_SIDE_IP + "/24", "dev", "c-" + prefix);
    run("ip", "-n", node, "link", "set", "c-" + prefix, "up");
    run("ip", "netns", "exec", node, "sysctl", "-qw", "net.ipv4.ip_forward=1");
    run("ip", "-n", client, "addr", "add", CLIENT_IP + "/24", "dev", "eth0");
    run("ip", "-n", client, "link", "set", "eth0", "up");
    run("ip", "-n", client, "link", "set", "lo", "up");
    run("ip", "-n", client, "route", "add", "default", "via", NODE_CLIENT_SIDE_IP);
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, "daemon off;\npid " + dir.resolve("nginx.pid") + ";\nerror_log " + dir.resolve("error.log") + ";\n"
        + "events {}\nhttp {\n  access_log off;\n  client_body_temp_path " + dir + ";\n  proxy_temp_path " + dir + ";\n"
        + "  fastcgi_temp_path " + dir + ";\n  uwsgi_temp_path " + dir + ";\n  scgi_temp_path " + dir + ";\n"
        + "  server {\n    listen " + POD_IP + ":80;\n    location / { return 200 \"hello from the pod\\n\"; }\n"
        + "    location /ip { return 200 \"$remote_addr\\n\"; }\n  }\n"
        + "  server {\n    listen " + SECOND_POD_IP + ":80;\n    location / { return 200 \"hello from the second pod\\n\"; }\n  }\n}\n");
    nginx = new ProcessBuilder("ip", "netns", "exec", pod, "/usr/sbin/nginx", "-c", conf.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("nginx.out").toFile()).start();
    for (int i = 0; i < 100; i++) {
      if (exec(pod, "curl", "-s", "-m", "1", "http://" + POD_IP + "/").exitCode() == 0) return;
      Thread.sleep(50);
    }
    throw new AssertionError("nginx did not answer in the pod namespace: " + Files.readString(dir.resolve("nginx.out")));
  }

  Path dir() { return dir; }

  private String hostLink;

  /**
   * A veth from the host into the node namespace, {@code 10.251.R.1/30} on the host and {@code .2} in the node
   * (R random per run): how a process in the node namespace reaches a server of this test on the host. Returns
   * the host's address; removed by {@link #close()} (deleting the node namespace takes the pair with it too).
   */
  String linkToHost() throws Exception {
    int r = ThreadLocalRandom.current().nextInt(256);
    String hostIp = "10.251." + r + ".1";
    hostLink = "h-" + prefix;
    run("ip", "link", "add", hostLink, "type", "veth", "peer", "name", "api0", "netns", node);
    run("ip", "addr", "add", hostIp + "/30", "dev", hostLink);
    run("ip", "link", "set", hostLink, "up");
    run("ip", "-n", node, "addr", "add", "10.251." + r + ".2/30", "dev", "api0");
    run("ip", "-n", node, "link", "set", "api0", "up");
    return hostIp;
  }

  record Result(int exitCode, String out) {}

  /** CMD in namespace {@code ns}; exit code and output (stdout+stderr). */
  static Result exec(String ns, String... cmd) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(List.of(cmd));
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", full) + " did not finish");
    }
    return new Result(p.exitValue(), out);
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
  }

  @Override
  public void close() throws Exception {
    if (nginx != null) {
      nginx.destroy();
      if (!nginx.waitFor(5, TimeUnit.SECONDS)) nginx.destroyForcibly();
    }
    // nginx runs under `ip netns exec`: end it by its pid file if it outlived that process
    Path pid = dir.resolve("nginx.pid");
    if (Files.exists(pid)) {
      try {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroyForcibly);
      } catch (NumberFormatException ignored) {
        // half-written: nginx was starting; the namespace goes anyway
      }
    }
    if (hostLink != null) new ProcessBuilder("ip", "link", "del", hostLink).start().waitFor();
    new ProcessBuilder("ip", "netns", "del", client).start().waitFor();
    new ProcessBuilder("ip", "netns", "del", pod).start().waitFor();
    new ProcessBuilder("ip", "netns", "del", node).start().waitFor();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
