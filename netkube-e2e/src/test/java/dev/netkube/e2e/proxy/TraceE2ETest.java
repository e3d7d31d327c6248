package dev.netkube.e2e.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netkube.cli.NetkubeHome;
import dev.netkube.cli.cluster.Cidr;
import dev.netkube.cli.cluster.LayoutPlanner;
import dev.netkube.cli.cluster.LayoutSpec;
import dev.netkube.cli.cluster.LayoutState;
import dev.netkube.cli.server.ServerInfo;
import dev.netkube.cli.trace.ApiClusterFacts;
import dev.netkube.cli.trace.DestSpec;
import dev.netkube.cli.trace.Network;
import dev.netkube.cli.trace.NodeTrace;
import dev.netkube.cli.trace.Resolution;
import dev.netkube.cli.trace.Resolver;
import dev.netkube.cli.trace.SourceSpec;
import dev.netkube.cli.trace.TracePlan;
import dev.netkube.cli.trace.TraceReport;
import dev.netkube.cli.trace.TraceRequest;
import dev.netkube.cli.trace.TraceText;
import dev.netkube.e2e.TestCluster;
import dev.netkube.proxy.trace.Packet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code netkube trace}'s core against what packets really do: netkube's kube-proxy writes a node namespace's rules
 * (as in {@link NftablesProxyE2ETest}), the trace is resolved through the API and read from that namespace's live
 * ruleset, and curl from the node namespace must do what the trace says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceE2ETest {
  /** The proxy mode whose rules are traced. */
  protected String mode() { return "nftables"; }

  protected static final Duration WAIT = Duration.ofSeconds(20);
  protected TestCluster cluster;
  protected ProxyNetns net;
  protected KubernetesClient client;
  protected ProxyTestbed bed;
  protected Network network;
  protected Path home;

  @BeforeAll
  void start() throws Exception {
    bed = ProxyTestbed.start(mode(), "node-1", "node-1", c -> c.kubectl().runWithInput("apiVersion: v1\nkind: Node\nmetadata:\n"
        + "  name: node-1\n  annotations: {kwok.x-k8s.io/node: fake}\n"
        + "status:\n  addresses: [{type: InternalIP, address: " + ProxyNetns.NODE_IP + "}]\n", "apply", "-f", "-").ok());
    cluster = bed.cluster();
    net = bed.net();
    client = bed.client();
    network = new Network("10.250.0.254", "10.250.0.253", "10.96.0.0/12", Map.of("node-1", net.node));
    home = Files.createTempDirectory(net.prefix + "-home-");
    writeHome(new NetkubeHome(home));
  }

  /**
   * A $NETKUBE_HOME as `up` leaves it, for the command itself: the layout (prefix = the namespaces' prefix, so node-1's
   * namespace is {@code net.node}), the admin credentials and the server's endpoint.
   */
  protected void writeHome(NetkubeHome h) throws Exception {
    LayoutSpec spec = new LayoutSpec(net.prefix, Cidr.parse("10.249.0.0/24"), 1, Cidr.parse("10.250.0.0/16"), LayoutSpec.DEFAULT_SERVICE_CIDR);
    LayoutState.of(LayoutPlanner.plan(spec), Instant.now()).write(h.layoutFile());
    Files.createDirectories(h.pkiDir());
    Files.writeString(h.caCertificate(), cluster.server().pki().caCertificatePem());
    Files.writeString(h.adminCertificate(), cluster.server().pki().adminCertificatePem());
    Files.writeString(h.adminKey(), cluster.server().pki().adminKeyPem());
    new ServerInfo(ProcessHandle.current().pid(), "https://127.0.0.1:" + cluster.port(), "sqlite", "sqlite", Instant.now())
        .write(h.serverInfoFile());
  }

  /** {@code netkube trace ARGS} as a user runs it: its own JVM, NETKUBE_HOME set; exit code and stdout+stderr. */
  protected ProxyNetns.Result command(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), "dev.netkube.cli.Main", "trace"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("NETKUBE_HOME", home.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new ProxyNetns.Result(p.exitValue(), out);
  }

  @AfterAll
  void stop() throws Exception {
    if (bed != null) bed.close();
    if (home != null) {
      try (var files = Files.walk(home)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  protected void service(String name, int port) {
    cluster.kubectl().runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\nspec:\n  ports:\n"
        + "  - name: http\n    port: " + port + "\n    targetPort: 80\n", "apply", "-f", "-").ok();
  }

  /** One slice; its endpoints point at pod default/web-pod on node-1, as the EndpointSlice controller would write them. */
  protected void slice(String service, List<String> readyIps) {
    StringBuilder eps = new StringBuilder();
    for (String ip : readyIps) {
      eps.append("- addresses: [\"").append(ip).append("\"]\n  conditions:\n    ready: true\n  nodeName: node-1\n")
          .append("  targetRef: {kind: Pod, namespace: default, name: web-pod}\n");
    }
    cluster.kubectl().runWithInput("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: " + service + "-1\n"
        + "  labels:\n    kubernetes.io/service-name: " + service + "\naddressType: IPv4\nports:\n- name: http\n  port: 80\n  protocol: TCP\n"
        + (readyIps.isEmpty() ? "endpoints: []\n" : "endpoints:\n" + eps), "apply", "-f", "-").ok();
  }

  /** What {@code netkube trace --from FROM --to TO} computes, in-process. */
  protected TraceReport trace(String from, String to) {
    ApiClusterFacts facts = new ApiClusterFacts(client);
    Resolution r = new Resolver(facts, network).resolve(new TraceRequest(SourceSpec.parse(from), DestSpec.parse(to), "default",
        Optional.empty(), Optional.empty()));
    assertThat(r).isInstanceOf(Resolution.Resolved.class);
    return NodeTrace.run(((Resolution.Resolved) r).plan(), facts.endpointNames());
  }

  protected TraceReport.Verdict verdict(TraceReport report) {
    assertThat(report.body()).as(TraceText.render(report)).isInstanceOf(TraceReport.Traced.class);
    return ((TraceReport.Traced) report.body()).verdict();
  }

  protected ProxyNetns.Result curlFromNode(String ip, int port) throws Exception {
    return ProxyNetns.exec(net.node, "curl", "-s", "-S", "-m", "3", "http://" + ip + ":" + port + "/");
  }

  protected String clusterIp(String name) {
    return client.services().inNamespace("default").withName(name).get().getSpec().getClusterIP();
  }

  @Test
  void theTraceSaysDnatToThePodAndCurlGetsThePodsAnswer() throws Exception {
    service("web", 8080);
    slice("web", List.of(ProxyNetns.POD_IP));
    await().atMost(WAIT).untilAsserted(() -> assertThat(verdict(trace("node/node-1", "svc/web"))).isInstanceOf(TraceReport.Dnat.class));
    TraceReport report = trace("node/node-1", "svc/web");
    assertThat(report.plan().packet()).isEqualTo(Packet.tcp(ProxyNetns.NODE_IP, clusterIp("web"), 8080));
    assertThat(((TraceReport.Dnat) verdict(report)).endpoints()).containsExactly(
        new TraceReport.Endpoint(ProxyNetns.POD_IP + ":80", Optional.of("default/web-pod"), Optional.of("node-1")));
    String text = TraceText.render(report);
    // the node's own packet starts in the output hook
    assertThat(text).contains("\nhook output:\n").contains("nat-output  (base chain, priority -100)")
        .contains("hit: " + clusterIp("web") + " . tcp . 8080 : goto service-")
        .contains("result:  DNAT to\n           " + ProxyNetns.POD_IP + ":80  pod default/web-pod on node-1\n");
    assertThat(curlFromNode(clusterIp("web"), 8080).out()).isEqualTo("hello from the pod\n");
  }

  @Test
  void theTraceSaysRejectForAServiceWithoutEndpointsAndCurlIsRefusedAtOnce() throws Exception {
    service("empty", 8081);
    slice("empty", List.of());
    await().atMost(WAIT).untilAsserted(() -> assertThat(verdict(trace("node/node-1", "svc/empty")))
        .isInstanceOf(TraceReport.Reject.class));
    TraceReport report = trace("node/node-1", "svc/empty");
    assertThat(verdict(report)).isEqualTo(new TraceReport.Reject("service default/empty (port http) has no endpoints: REJECT"
        + " (a client is refused at once)"));
    assertThat(TraceText.render(report)).contains("service-endpoints-check\n")
        .contains(" : goto reject-chain comment \"default/empty:http\"")
        .endsWith("result:  service default/empty (port http) has no endpoints: REJECT (a client is refused at once)\n");
    long t = System.nanoTime();
    ProxyNetns.Result curl = curlFromNode(clusterIp("empty"), 8081);
    assertThat(curl.exitCode()).as(curl.out()).isEqualTo(7);
    assertThat(curl.out()).contains("Couldn't connect to server"); // ICMP port unreachable, not a timeout
    assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(2000);
  }

  @Test
  void anUnknownPortOnAClusterIpTracesToRejectAndCurlIsRefused() throws Exception {
    service("oneport", 8082);
    slice("oneport", List.of(ProxyNetns.POD_IP));
    String ip = clusterIp("oneport");
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromNode(ip, 8082).exitCode()).isZero());
    TraceReport report = trace("node/node-1", "svc/oneport:9999");
    assertThat(report.plan().to()).contains("port 9999, which it does not have (ports: http (8082/TCP))");
    assertThat(verdict(report)).isEqualTo(new TraceReport.Reject("no such port on cluster IP " + ip
        + ": the service there has no port 9999/TCP: REJECT"));
    ProxyNetns.Result curl = curlFromNode(ip, 9999);
    assertThat(curl.exitCode()).as(curl.out()).isEqualTo(7);
  }

  @Test
  void aNamespaceWithoutKubeProxyRulesSaysSo() {
    // the pod's namespace has no kube-proxy table: what a node whose proxy never ran looks like
    TraceReport report = NodeTrace.run(new TracePlan(Packet.tcp(ProxyNetns.POD_IP, "10.96.0.1", 443), "node-b", net.pod, "a pod",
        "the kubernetes service"), Map.of());
    assertThat(report.body()).isEqualTo(new TraceReport.NoRules("node-b has no kube-proxy rules (no table ip kube-proxy, no iptables KUBE-SERVICES chain in " + net.pod
        + "): is the kube-proxy pod running? kubectl -n kube-system get pods -l k8s-app=kube-proxy -o wide"));
  }

  @Test
  void theCommandTracesThroughItsHomeAndSaysWhatIsWrongWithItsArguments() throws Exception {
    service("cmd", 8083);
    slice("cmd", List.of(ProxyNetns.POD_IP));
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromNode(clusterIp("cmd"), 8083).out()).isEqualTo("hello from the pod\n"));
    ProxyNetns.Result ok = command("--from", "node-1", "--to", "svc/cmd:http");
    assertThat(ok.exitCode()).as(ok.out()).isZero();
    assertThat(ok.out()).contains("rules:   table ip kube-proxy on node-1 (netns " + net.node + ")")
        .contains("result:  DNAT to\n           " + ProxyNetns.POD_IP + ":80  pod default/web-pod on node-1\n");
    ProxyNetns.Result json = command("--from", "node-1", "--to", "svc/cmd", "--json");
    assertThat(dev.netkube.model.Json.parse(json.out().substring(json.out().indexOf('{'))).path("result").asText()).as(json.out())
        .isEqualTo("dnat");
    ProxyNetns.Result missing = command("--from", "pod/nope", "--to", "svc/cmd");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.out()).endsWith("netkube: error: Error from server (NotFound): pods \"nope\" not found\n  kubectl get pods -n default\n");
    ProxyNetns.Result lan = command("--from", "lan", "--to", "svc/cmd");
    assertThat(lan.exitCode()).isEqualTo(1);
    assertThat(lan.out()).contains("netkube: error: a cluster IP (" + clusterIp("cmd") + ") is not reachable from the lan client");
    ProxyNetns.Result bad = command("--from", "svc/cmd", "--to", "svc/cmd");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.out()).contains("netkube: error: --from svc/cmd: a packet cannot start at a svc\n");
  }
}
