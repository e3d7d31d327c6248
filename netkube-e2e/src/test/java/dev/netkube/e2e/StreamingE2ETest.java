package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.netkube.agent.streaming.KubeletStreamingServer;
import dev.netkube.agent.streaming.LogEntry;
import dev.netkube.agent.streaming.StreamingTls;
import dev.netkube.agent.streaming.TerminalSize;
import dev.netkube.apiserver.pki.PemPair;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kubectl exec, attach, cp, logs, run and port-forward end to end: the real kubectl (WebSocket
 * and, with kubectl's opt-out variables, SPDY/3.1) → the real API server's streaming proxy →
 * the real kubelet streaming server over TLS with client certificates. No containers run here:
 * the runtime behind the streaming server is {@link LocalProcessRuntime}, which runs commands as
 * local processes and forwards ports to a loopback HTTP server of this test; the Node and the
 * pods' Running status are written by the test, as the node agent would.
 */
class StreamingE2ETest extends ClusterTestBase {
  private static final String NODE = "nkt-node";
  /** A node whose kubelet is down. */
  private static final String DEAD_NODE = "nkt-dead";
  private int deadKubeletPort;
  private final String prefix = "nkt" + HexFormat.of().toHexDigits((byte) ThreadLocalRandom.current().nextInt(),
      2) + HexFormat.of().toHexDigits((byte) ThreadLocalRandom.current().nextInt(), 2);
  private final LocalProcessRuntime runtime = new LocalProcessRuntime();
  private KubeletStreamingServer kubelet;
  private HttpServer podWeb;
  private Path scratch;
  private LocalProcessRuntime.Container main;
  /** When p's log lines were written (120 s, 60 s and 1 s before this). */
  private final Instant logsWritten = Instant.now();

  @Override
  protected void afterStart() throws Exception {
    scratch = Files.createTempDirectory(prefix + "-");
    PemPair serving = cluster.server().pki().issueServingCertificate("system:node:" + NODE, List.of("system:nodes"),
        List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
    kubelet = KubeletStreamingServer.start("127.0.0.1", 0,
        StreamingTls.server(serving.certificatePem(), serving.keyPem(), cluster.server().pki().caCertificatePem()), runtime);
    podWeb = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    podWeb.createContext("/big", ex -> { // 4 MiB: far beyond any flow-control window
      byte[] chunk = "0123456789abcdef".repeat(4096).getBytes(StandardCharsets.US_ASCII);
      ex.sendResponseHeaders(200, (long) chunk.length * 64);
      for (int i = 0; i < 64; i++) ex.getResponseBody().write(chunk);
      ex.close();
    });
    podWeb.createContext("/", ex -> {
      byte[] body = ("hello from pod " + ex.getRequestURI().getPath() + "\n").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    podWeb.start();
    runtime.mapPort(80, podWeb.getAddress().getPort());

    node(NODE, kubelet.port());
    deadKubeletPort = freePort(); // nothing listens there
    node(DEAD_NODE, deadKubeletPort);
    pod("p", "Running", true, "main");
    main = runtime.add("default", "p", "main", List.of("sh", "-c", "echo attached; read line; echo \"main got $line\""));
    Instant t = logsWritten;
    main.append(new LogEntry(t.minusSeconds(120), LogEntry.Stream.STDOUT, "first line\n".getBytes(StandardCharsets.UTF_8)));
    main.append(new LogEntry(t.minusSeconds(60), LogEntry.Stream.STDERR, "second line\n".getBytes(StandardCharsets.UTF_8)));
    main.append(new LogEntry(t.minusSeconds(1), LogEntry.Stream.STDOUT, "third line\n".getBytes(StandardCharsets.UTF_8)));
    main.hadPrevious = true;
    main.previousLog.add(new LogEntry(t.minusSeconds(300), LogEntry.Stream.STDOUT,
        "from the previous instance\n".getBytes(StandardCharsets.UTF_8)));
    pod("multi", "Running", false, "a", "b");
    runtime.add("default", "multi", "a", List.of("true")).append(new LogEntry(t, LogEntry.Stream.STDOUT,
        "a says hi\n".getBytes(StandardCharsets.UTF_8)));
    runtime.add("default", "multi", "b", List.of("true")).append(new LogEntry(t, LogEntry.Stream.STDOUT,
        "b says hi\n".getBytes(StandardCharsets.UTF_8)));
    pod("done", "Succeeded", false, "main");
    pod("waiting", "Pending", false, "main");
    pod("stopped", "Running", false, "main");
    pod(DEAD_NODE, "orphan", "Running", false, "main");
    runtime.add("default", "stopped", "main", List.of("true")).running = false;
    kubectl.runWithInput("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: p}\n"
        + "  ports: [{port: 8080, targetPort: 80}]\n", "apply", "-f", "-").ok();
  }

  /** A Ready node whose kubelet listens on 127.0.0.1:port, as its agent would register it. */
  private void node(String name, int port) {
    kubectl.runWithInput("apiVersion: v1\nkind: Node\nmetadata:\n  name: " + name + "\n", "apply", "-f", "-").ok();
    String now = Instant.now().toString();
    kubectl.run("patch", "node", name, "--subresource=status", "--type=merge", "-p",
        "{\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"127.0.0.1\"}],"
            + "\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":" + port + "}},"
            + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\","
            + "\"message\":\"kubelet is posting ready status\",\"lastHeartbeatTime\":\"" + now + "\","
            + "\"lastTransitionTime\":\"" + now + "\"}]}}").ok();
  }

  /** A pod bound to the test's node with the given phase (Ready when Running), as its kubelet would report it. */
  private void pod(String name, String phase, boolean stdin, String... containers) {
    pod(NODE, name, phase, stdin, containers);
  }

  private void pod(String node, String name, String phase, boolean stdin, String... containers) {
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name
        + "\n  labels: {app: " + name + "}\nspec:\n  nodeName: " + node + "\n  containers:\n");
    for (String c : containers) {
      yaml.append("  - name: ").append(c).append("\n    image: busybox\n    stdin: ").append(stdin).append('\n')
          .append("    ports: [{containerPort: 80}]\n");
    }
    kubectl.runWithInput(yaml.toString(), "apply", "-f", "-").ok();
    markStatus(name, phase);
  }

  private void markStatus(String name, String phase) {
    String ready = phase.equals("Running") ? "True" : "False";
    kubectl.run("patch", "pod", name, "--subresource=status", "--type=merge", "-p",
        "{\"status\":{\"phase\":\"" + phase + "\",\"podIP\":\"10.250.0.7\",\"hostIP\":\"127.0.0.1\","
            + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"" + ready + "\"}]}}").ok();
  }

  @AfterAll
  void stopKubelet() throws IOException {
    if (kubelet != null) kubelet.close();
    if (podWeb != null) podWeb.stop(0);
    if (scratch != null) {
      try (var files = Files.walk(scratch)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  // ------------------------------------------------------------------ kubectl with environment

  private record Run(int exitCode, String out, String err) {}

  private Map<String, String> transport(String transport) {
    return transport.equals("spdy")
        ? Map.of("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false", "KUBECTL_PORT_FORWARD_WEBSOCKETS", "false")
        : Map.of();
  }

  private Run kubectl(Map<String, String> env, String stdin, String... args) throws Exception {
    ProcessBuilder pb = processBuilder(env, args);
    Process p = pb.start();
    try {
      var out = p.getInputStream();
      var err = p.getErrorStream();
      var outText = new java.util.concurrent.CompletableFuture<String>();
      var errText = new java.util.concurrent.CompletableFuture<String>();
      new Thread(() -> outText.complete(read(out))).start();
      new Thread(() -> errText.complete(read(err))).start();
      try (var in = p.getOutputStream()) {
        if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " timed out; stdout: "
            + outText.get(5, TimeUnit.SECONDS) + "; stderr: " + errText.get(5, TimeUnit.SECONDS));
      }
      return new Run(p.exitValue(), outText.get(5, TimeUnit.SECONDS), errText.get(5, TimeUnit.SECONDS));
    } finally {
      p.destroyForcibly();
    }
  }

  private ProcessBuilder processBuilder(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(List.of("kubectl"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("KUBECONFIG", cluster.kubeconfig().toString());
    pb.environment().put("HOME", cluster.home().resolve("kubectl-home").toString());
    pb.environment().putAll(env);
    return pb;
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  // ------------------------------------------------------------------ exec

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "spdy"})
  void execSplitsStdoutAndStderrAndPassesTheExitCodeOn(String transport) throws Exception {
    Run r = kubectl(transport(transport), null, "-v=4", "exec", "p", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
    assertThat(r.out()).as(r.err()).isEqualTo("out\n");
    assertThat(r.err()).contains("err\n").contains("command terminated with exit code 3");
    assertThat(r.exitCode()).isEqualTo(3);
    if (transport.equals("websocket")) assertThat(r.err()).contains("The subprotocol is v5.channel.k8s.io");
    else assertThat(r.err()).doesNotContain("The subprotocol is v5.channel.k8s.io");
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "spdy"})
  void execStreamsLargeOutput(String transport) throws Exception {
    Run r = kubectl(transport(transport), null, "exec", "p", "--", "sh", "-c", "seq 1 500000");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).hasSize(3388895).startsWith("1\n2\n").endsWith("\n500000\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "spdy"})
  void execWithStdinPipesInputUntilItEnds(String transport) throws Exception {
    String input = "hello\n" + "x".repeat(200_000) + "\n";
    Run r = kubectl(transport(transport), input, "exec", "-i", "p", "--", "sh", "-c", "wc -c; echo done");
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo(input.length() + "\ndone\n");
    assertThat(r.exitCode()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "spdy"})
  void execWithATerminalRunsAnInteractiveShell(String transport) throws Exception {
    String session = prefix + "-" + transport;
    Path rc = scratch.resolve(session + ".rc");
    StringBuilder env = new StringBuilder();
    transport(transport).forEach((k, v) -> env.append(k).append('=').append(v).append(' '));
    String command = "env KUBECONFIG=" + cluster.kubeconfig() + " HOME=" + cluster.home().resolve("kubectl-home") + " "
        + env + "kubectl exec -it p -- sh; echo $? > " + rc;
    runtime.resizes.clear();
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command);
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> tmux("capture-pane", "-p", "-t", session).contains("#"));
      tmux("send-keys", "-t", session, "tty; echo sum-$((40+2))", "Enter");
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(tmux("capture-pane", "-p", "-t", session)).contains("sum-42").containsPattern("/dev/pts/\\d+"));
      assertThat(runtime.resizes).contains(new TerminalSize(100, 30));
      tmux("send-keys", "-t", session, "exit 7", "Enter");
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(rc) && !Files.readString(rc).isBlank());
      assertThat(Files.readString(rc).trim()).isEqualTo("7");
    } finally {
      tmux("kill-session", "-t", session);
    }
  }

  private static String tmux(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tmux"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  @Test
  void execIntoACompletedPodOrAStoppedContainerIsRefusedWithUpstreamWords() throws Exception {
    Run done = kubectl(Map.of(), null, "exec", "done", "--", "true");
    assertThat(done.err()).contains("cannot exec into a container in a completed pod; current phase is Succeeded");
    Run stopped = kubectl(Map.of(), null, "exec", "stopped", "--", "true");
    assertThat(stopped.err()).contains("error: unable to upgrade connection: container not found (\"main\")");
    assertThat(stopped.exitCode()).isEqualTo(1);
    Run missing = kubectl(Map.of(), null, "exec", "nope", "--", "true");
    assertThat(missing.err()).contains("Error from server (NotFound): pods \"nope\" not found");
  }

  @Test
  void theApiServerChecksContainerNamesAsUpstreamDoes() {
    Path ca = cluster.home().resolve("pki/ca.crt");
    Path cert = cluster.home().resolve("pki/admin.crt");
    Path key = cluster.home().resolve("pki/admin.key");
    String base = "https://127.0.0.1:" + cluster.port() + "/api/v1/namespaces/default/pods/";
    List<String> auth = List.of("--cert", cert.toString(), "--key", key.toString(), "-X", "POST");
    Curl.Result noName = Curl.run(ca, concat(auth, base + "multi/exec?command=true&stdout=true"));
    assertThat(noName.httpCode()).isEqualTo(400);
    assertThat(noName.body()).contains("a container name must be specified for pod multi, choose one of: [a b]");
    Curl.Result wrong = Curl.run(ca, concat(auth, base + "multi/exec?container=c&command=true"));
    assertThat(wrong.body()).contains("container c is not valid for pod multi");
    Curl.Result missing = Curl.run(ca, concat(auth, base + "nope/attach?container=c"));
    assertThat(missing.httpCode()).isEqualTo(404);
    assertThat(missing.body()).contains("pods \\\"nope\\\" not found");
    Curl.Result anonymous = Curl.run(ca, List.of("-X", "POST", base + "p/exec?command=true"));
    assertThat(anonymous.httpCode()).isEqualTo(401);
  }

  private static List<String> concat(List<String> a, String b) {
    List<String> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }

  @Test
  void aKubeletThatCannotBeReachedIsReportedInGosWords() throws Exception {
    String dial = "dial tcp 127.0.0.1:" + deadKubeletPort + ": connect: connection refused";
    var logs = kubectl.run("logs", "orphan");
    assertThat(logs.err()).contains("Get \"https://127.0.0.1:" + deadKubeletPort + "/containerLogs/default/orphan/main\": "
        + dial);
    assertThat(logs.exitCode()).isEqualTo(1);
    Run exec = kubectl(Map.of(), null, "exec", "orphan", "--", "true");
    assertThat(exec.err()).contains("error dialing backend: " + dial);
    assertThat(exec.exitCode()).isEqualTo(1);
  }

  @Test
  void theKubeletServesOnlyClientsTheClusterCaSigned() throws Exception {
    Path ca = cluster.home().resolve("pki/ca.crt");
    String url = "https://127.0.0.1:" + kubelet.port() + "/containerLogs/default/p/main";
    Curl.Result signed = Curl.run(ca, List.of("--cert", cluster.home().resolve("pki/admin.crt").toString(),
        "--key", cluster.home().resolve("pki/admin.key").toString(), url));
    assertThat(signed.httpCode()).isEqualTo(200);
    assertThat(signed.body()).isEqualTo("first line\nsecond line\nthird line\n");
    Curl.Result anonymous = Curl.run(ca, List.of(url));
    assertThat(anonymous.httpCode()).isZero(); // no HTTP at all: the TLS handshake fails
    // a certificate claiming to be the API server, but self-signed (openssl)
    Path forgedKey = scratch.resolve("forged.key");
    Path forgedCert = scratch.resolve("forged.crt");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/O=system:masters/CN=kube-apiserver-kubelet-client", "-keyout", forgedKey.toString(), "-out",
        forgedCert.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0).isTrue();
    Curl.Result forged = Curl.run(ca, List.of("--cert", forgedCert.toString(), "--key", forgedKey.toString(), url));
    assertThat(forged.httpCode()).isZero();
  }

  // ------------------------------------------------------------------ attach, run, cp

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "spdy"})
  void attachConnectsToTheMainProcess(String transport) throws Exception {
    Run r = kubectl(transport(transport), "there\n", "attach", "-i", "p", "-c", "main");
    assertThat(r.out()).contains("attached\n").contains("main got there\n");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void runInteractiveWithRemoveAttachesAndDeletesThePod() throws Exception {
    String name = prefix + "-run";
    playAgentForRun(name);
    Run r = kubectl(Map.of(), "echo from-run-$((6*7))\n", "run", name, "-i", "--rm", "--image=busybox", "--restart=Never",
        "--overrides={\"spec\":{\"nodeName\":\"" + NODE + "\"}}", "--", "sh");
    assertThat(r.out()).as(r.err()).contains("from-run-42").contains("pod \"" + name + "\" deleted");
    assertThat(r.exitCode()).isZero();
    // deleted: gone, or terminating until its kubelet confirms (graceful deletion of a bound pod)
    assertThat(kubectl.run("get", "pod", name, "--ignore-not-found", "-o",
        "jsonpath={.metadata.name} {.metadata.deletionTimestamp}").ok().out().trim()).matches("|" + name + " \\S+");
  }

  @Test
  void runWithATerminalGivesAShellAndPassesItsExitCodeOn() throws Exception {
    String name = prefix + "-runtty";
    playAgentForRun(name);
    Path rc = scratch.resolve(name + ".rc");
    String command = "env KUBECONFIG=" + cluster.kubeconfig() + " HOME=" + cluster.home().resolve("kubectl-home")
        + " kubectl run " + name + " -it --rm --image=busybox --restart=Never --overrides='{\"spec\":{\"nodeName\":\""
        + NODE + "\"}}' -- sh; echo $? > " + rc;
    tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", command);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> tmux("capture-pane", "-p", "-t", name).contains("#"));
      tmux("send-keys", "-t", name, "echo run-$((6*7)) on $(tty)", "Enter");
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(tmux("capture-pane", "-p", "-t", name)).containsPattern("run-42 on /dev/pts/\\d+"));
      tmux("send-keys", "-t", name, "exit 3", "Enter");
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(rc) && !Files.readString(rc).isBlank());
      assertThat(Files.readString(rc).trim()).isEqualTo("3"); // the pod Failed with exit code 3: kubectl exits 3
    } finally {
      tmux("kill-session", "-t", name);
    }
  }

  /**
   * The node agent's part for kubectl run (the pod is bound at creation: the test's node renews no
   * lease, so no scheduler in the way): report the pod running once it exists, then Succeeded or
   * Failed with the exit code once its main process ended (kubectl run waits for that).
   */
  private void playAgentForRun(String name) {
    LocalProcessRuntime.Container c = runtime.add("default", name, name, List.of("sh"));
    Thread agent = new Thread(() -> {
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        var r = kubectl.run("get", "pod", name, "-o", "jsonpath={.spec.nodeName}");
        if (r.exitCode() != 0 || !r.out().equals(NODE)) return false;
        markStatus(name, "Running");
        return true;
      });
      int code = c.mainExited.join();
      kubectl.run("patch", "pod", name, "--subresource=status", "--type=merge", "-p",
          "{\"status\":{\"phase\":\"" + (code == 0 ? "Succeeded" : "Failed") + "\",\"containerStatuses\":[{\"name\":\""
              + name + "\",\"image\":\"busybox\",\"imageID\":\"\",\"ready\":false,\"restartCount\":0,"
              + "\"state\":{\"terminated\":{\"exitCode\":" + code + ",\"reason\":\"" + (code == 0 ? "Completed" : "Error")
              + "\"}}}]}}").ok();
    });
    agent.setDaemon(true);
    agent.start();
  }

  @Test
  void cpCopiesIntoAndOutOfThePodThroughExecAndTar() throws Exception {
    Path src = scratch.resolve("src.txt");
    Files.writeString(src, "copied through tar\n".repeat(1000));
    Path inPod = Files.createDirectories(scratch.resolve("in-pod"));
    Run up = kubectl(Map.of(), null, "cp", src.toString(), "p:" + inPod.resolve("dst.txt"));
    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(Files.readString(inPod.resolve("dst.txt"))).isEqualTo(Files.readString(src));
    Path back = scratch.resolve("back.txt");
    Run down = kubectl(Map.of(), null, "cp", "p:" + inPod.resolve("dst.txt"), back.toString());
    assertThat(down.exitCode()).as(down.err()).isZero();
    assertThat(Files.readString(back)).isEqualTo(Files.readString(src));
  }

  // ------------------------------------------------------------------ logs

  @Test
  void logsHonourTailSinceTimestampsPreviousAndContainer() throws Exception {
    assertThat(kubectl.run("logs", "p").ok().out()).isEqualTo("first line\nsecond line\nthird line\n");
    assertThat(kubectl.run("logs", "p", "--tail=1").ok().out()).isEqualTo("third line\n");
    long age = Duration.between(logsWritten, Instant.now()).toSeconds();
    assertThat(kubectl.run("logs", "p", "--since=" + (age + 30) + "s").ok().out()).isEqualTo("third line\n");
    assertThat(kubectl.run("logs", "p", "--since-time=" + logsWritten.minusSeconds(90)).ok().out())
        .isEqualTo("second line\nthird line\n");
    assertThat(kubectl.run("logs", "p", "--limit-bytes=5").ok().out()).isEqualTo("first");
    assertThat(kubectl.run("logs", "p", "--previous").ok().out()).isEqualTo("from the previous instance\n");
    assertThat(kubectl.run("logs", "p", "--timestamps", "--tail=2").ok().out())
        .matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z second line\n\\S+Z third line\n");
    assertThat(kubectl.run("logs", "multi", "-c", "b").ok().out()).isEqualTo("b says hi\n");
    var noPrevious = kubectl.run("logs", "multi", "-c", "b", "--previous");
    assertThat(noPrevious.err()).contains("previous terminated container \"b\" in pod \"multi\" not found");
    var noName = kubectl.run("logs", "multi");
    // kubectl 1.32 picks the first container itself and says so
    assertThat(noName.out()).isEqualTo("a says hi\n");
    assertThat(noName.err()).contains("Defaulted container \"a\" out of: a, b");
  }

  @Test
  void logsFollowStreamsNewLinesUntilTheContainerEnds() throws Exception {
    String name = prefix + "-follow";
    pod(name, "Running", false, "main");
    LocalProcessRuntime.Container c = runtime.add("default", name, "main", List.of("true"));
    c.append(new LogEntry(Instant.now(), LogEntry.Stream.STDOUT, "before\n".getBytes(StandardCharsets.UTF_8)));
    Process p = processBuilder(Map.of(), "logs", "-f", name).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("before");
      c.append(new LogEntry(Instant.now(), LogEntry.Stream.STDOUT, "after\n".getBytes(StandardCharsets.UTF_8)));
      assertThat(out.readLine()).isEqualTo("after");
      c.endLog();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
    } finally {
      p.destroyForcibly();
    }
  }

  // ------------------------------------------------------------------ port-forward

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "spdy"})
  void portForwardToAPodAndToAService(String transport) throws Exception {
    for (String target : List.of("pod/p", "svc/web")) {
      int local = freePort();
      String remote = target.startsWith("svc") ? "8080" : "80";
      Process p = processBuilder(transport(transport), "port-forward", target, local + ":" + remote)
          .redirectErrorStream(true).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("Forwarding from 127.0.0.1:" + local + " -> 80");
        for (int i = 0; i < 3; i++) {
          Curl.Result r = curl("http://127.0.0.1:" + local + "/hello-" + i);
          assertThat(r.httpCode()).isEqualTo(200);
          assertThat(r.body()).isEqualTo("hello from pod /hello-" + i + "\n");
        }
        // several connections at once, each its own pair of streams on the one connection to the kubelet
        List<java.util.concurrent.CompletableFuture<Curl.Result>> parallel = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          parallel.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
              return curl("http://127.0.0.1:" + local + "/big");
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }));
        }
        for (var f : parallel) {
          Curl.Result big = f.get(60, TimeUnit.SECONDS);
          assertThat(big.httpCode()).isEqualTo(200);
          assertThat(big.body()).hasSize(4 * 1024 * 1024);
        }
      } finally {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void portForwardToAPodThatIsNotRunningIsRefused() throws Exception {
    Run r = kubectl(Map.of(), null, "port-forward", "pod/waiting", freePort() + ":80");
    assertThat(r.err()).contains("unable to forward port because pod is not running. Current status=Pending");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  private static Curl.Result curl(String url) throws Exception {
    Process p = new ProcessBuilder("curl", "-s", "--max-time", "10", "-w", "\n%{http_code}", url).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(15, TimeUnit.SECONDS);
    int nl = out.lastIndexOf('\n');
    return new Curl.Result(Integer.parseInt(out.substring(nl + 1).trim()), out.substring(0, Math.max(nl, 0)));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
