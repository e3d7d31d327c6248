package dev.netkube.e2e.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netkube.e2e.TestCluster;
import dev.netkube.proxy.nft.NftCommand;
import dev.netkube.proxy.server.ProxyServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * netkube's kube-proxy (nftables mode) against a real netkube API server, writing real rules with the real nft into
 * a node namespace, checked with real packets: curl from the node to a cluster IP reaches nginx in the pod
 * namespace; no endpoints rejects at once; endpoints changing are followed; health and metrics as upstream.
 */
class NftablesProxyE2ETest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static TestCluster cluster;
  private static ProxyNetns net;
  private static KubernetesClient client;
  private static ProxyServer proxy;
  private static ProxyTestbed bed;

  @BeforeAll
  static void start() throws Exception {
    bed = ProxyTestbed.start("node", "node-a", c -> {});
    cluster = bed.cluster();
    net = bed.net();
    client = bed.client();
    proxy = bed.proxy();
  }

  @AfterAll
  static void stop() throws Exception {
    if (bed != null) bed.close();
  }

  private static String clusterIp(String name) {
    return client.services().inNamespace("default").withName(name).get().getSpec().getClusterIP();
  }

  private static void service(String name, int port) {
    cluster.kubectl().runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\nspec:\n  ports:\n"
        + "  - name: http\n    port: " + port + "\n    targetPort: 80\n", "apply", "-f", "-").ok();
  }

  private static void slice(String service, List<String> readyIps) { slice(service, readyIps, 80, "TCP"); }

  private static void slice(String service, List<String> readyIps, int port, String protocol) {
    StringBuilder eps = new StringBuilder();
    for (String ip : readyIps) eps.append("- addresses: [\"").append(ip).append("\"]\n  conditions:\n    ready: true\n  nodeName: node-a\n");
    // the trigger time the EndpointSlice controller would set: the proxy's network programming latency starts there
    cluster.kubectl().runWithInput("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: " + service + "-1\n"
        + "  annotations:\n    endpoints.kubernetes.io/last-change-trigger-time: \"" + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\"\n"
        + "  labels:\n    kubernetes.io/service-name: " + service + "\naddressType: IPv4\nports:\n- name: http\n  port: " + port
        + "\n  protocol: " + protocol + "\n"
        + (readyIps.isEmpty() ? "endpoints: []\n" : "endpoints:\n" + eps), "apply", "-f", "-").ok();
  }

  private static String ruleset() {
    return cluster.kubectl().run("get", "endpointslices", "-o", "yaml").out() + "\n" + ruleset0();
  }

  private static String ruleset0() {
    return NftCommand.inNetns(net.node).listTable("ip", "kube-proxy") instanceof NftCommand.Result.Ok ok ? ok.output() : "(no table)";
  }

  private static ProxyNetns.Result curlFromNode(String ip, int port) throws Exception {
    return ProxyNetns.exec(net.node, "curl", "-s", "-S", "-m", "3", "http://" + ip + ":" + port + "/");
  }

  @Test
  void aClusterIpReachesItsEndpointFromTheNode() throws Exception {
    service("web", 8080);
    slice("web", List.of(ProxyNetns.POD_IP));
    String ip = clusterIp("web");
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromNode(ip, 8080).out()).as(NftablesProxyE2ETest::ruleset)
        .isEqualTo("hello from the pod\n"));
    HttpResponse<String> m = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + proxy.http().orElseThrow().metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    // from the slice's trigger time to the rules written: observed once the change reached the kernel
    assertThat(m.body()).containsPattern("kubeproxy_network_programming_duration_seconds_count [1-9]");
    String rules = ((NftCommand.Result.Ok) NftCommand.inNetns(net.node).listTable("ip", "kube-proxy")).output();
    assertThat(rules).contains("ip daddr . meta l4proto . th dport vmap @service-ips")
        .contains(ip + " . tcp . 8080 : goto service-").contains("dnat to " + ProxyNetns.POD_IP + ":80");
  }

  @Test
  void aServiceWithoutEndpointsRejectsAtOnceAndFollowsItsEndpoints() throws Exception {
    service("empty", 8081);
    slice("empty", List.of());
    String ip = clusterIp("empty");
    await().atMost(WAIT).untilAsserted(() -> {
      long t = System.nanoTime();
      ProxyNetns.Result r = curlFromNode(ip, 8081);
      long ms = (System.nanoTime() - t) / 1_000_000;
      // REJECT (tcp reset / icmp unreachable): curl fails at once, not after its 3 s timeout
      assertThat(r.exitCode()).as(r.out()).isEqualTo(7);
      assertThat(ms).isLessThan(2000);
    });
    slice("empty", List.of(ProxyNetns.POD_IP));
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromNode(ip, 8081).out()).isEqualTo("hello from the pod\n"));
    slice("empty", List.of());
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromNode(ip, 8081).exitCode()).isEqualTo(7));
  }

  @Test
  void anUnknownPortOnAClusterIpIsRejected() throws Exception {
    service("oneport", 8082);
    slice("oneport", List.of(ProxyNetns.POD_IP));
    String ip = clusterIp("oneport");
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromNode(ip, 8082).exitCode()).isZero());
    ProxyNetns.Result other = curlFromNode(ip, 9999);
    assertThat(other.exitCode()).as(other.out()).isEqualTo(7);
  }

  /**
   * The DNS pain point (kubernetes#19029): a client that keeps its UDP socket (a resolver) sends through the
   * conntrack entry of its first packet. When that endpoint leaves the service, the proxy deletes the entry, so
   * the next datagram on the same socket is DNATed anew, to the endpoint that is left; kept, it would still reach
   * the old one (here alive, to show which way it went).
   */
  @Test
  void aUdpClientKeepingItsSocketFollowsTheEndpointsOnceStaleEntriesAreCleared() throws Exception {
    try (UdpEcho a = UdpEcho.start(net.pod, ProxyNetns.POD_IP, 5353, net.dir());
         UdpEcho b = UdpEcho.start(net.pod, ProxyNetns.SECOND_POD_IP, 5353, net.dir())) {
      cluster.kubectl().runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: dns\nspec:\n  ports:\n"
          + "  - name: http\n    port: 53\n    protocol: UDP\n    targetPort: 5353\n", "apply", "-f", "-").ok();
      slice("dns", List.of(ProxyNetns.POD_IP), 5353, "UDP");
      String ip = clusterIp("dns");
      await().atMost(WAIT).until(() -> ruleset0().contains("dnat to " + ProxyNetns.POD_IP + ":5353"));
      java.nio.file.Path go = net.dir().resolve("go");
      // one socket (fd 3) for both datagrams: the same source port, so the same conntrack entry
      Process client = new ProcessBuilder("ip", "netns", "exec", net.node, "bash", "-c",
          "exec 3<>/dev/udp/" + ip + "/53; printf x >&3; read -N 1 -t 3 -u 3 r; echo \"1 $r\"; "
              + "while [ ! -e " + go + " ]; do sleep 0.05; done; printf x >&3; read -N 1 -t 3 -u 3 r; echo \"2 $r\"")
          .redirectErrorStream(true).start();
      try {
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream()));
        assertThat(out.readLine()).isEqualTo("1 2"); // 10.250.0.2
        assertThat(ProxyNetns.exec(net.node, "conntrack", "-L", "-p", "udp", "--orig-dst", ip).out()).contains("src=" + ProxyNetns.POD_IP); // the reply comes from .2: DNATed there
        slice("dns", List.of("10.250.0.3"), 5353, "UDP");
        await().atMost(WAIT).until(() -> ruleset0().contains("dnat to 10.250.0.3:5353") && !ruleset0().contains("dnat to " + ProxyNetns.POD_IP + ":5353"));
        await().atMost(WAIT).until(() -> !ProxyNetns.exec(net.node, "conntrack", "-L", "-p", "udp", "--orig-dst", ip).out()
            .contains("src=" + ProxyNetns.POD_IP));
        java.nio.file.Files.createFile(go);
        assertThat(out.readLine()).isEqualTo("2 3"); // 10.250.0.3: the entry to .2 was deleted
      } finally {
        client.destroyForcibly(); // it waits for the go file forever when an assertion failed before
        client.waitFor();
      }
    }
  }

  @Test
  void aLocalPolicyServicesHealthCheckPortCountsTheEndpointsOfThisNode() throws Exception {
    cluster.kubectl().runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: lb-local\nspec:\n  type: LoadBalancer\n"
        + "  externalTrafficPolicy: Local\n  ports:\n  - name: http\n    port: 80\n    targetPort: 80\n", "apply", "-f", "-").ok();
    int hc = client.services().inNamespace("default").withName("lb-local").get().getSpec().getHealthCheckNodePort();
    sliceOn("lb-local", "node-a");
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hc + "/")).build();
    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
      HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("{\n\t\"service\": {\n\t\t\"namespace\": \"default\",\n\t\t\"name\": \"lb-local\"\n\t},\n"
          + "\t\"localEndpoints\": 1,\n\t\"serviceProxyHealthy\": true\n}");
      assertThat(r.headers().firstValue("X-Load-Balancing-Endpoint-Weight")).contains("1");
    });
    sliceOn("lb-local", "node-b"); // the endpoint moved to another node
    await().atMost(WAIT).untilAsserted(() -> {
      HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("\"localEndpoints\": 0");
    });
    cluster.kubectl().run("delete", "service", "lb-local").ok();
    await().atMost(WAIT).until(() -> !portOpen(hc)); // the port closes with its service
  }

  private static boolean portOpen(int port) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void sliceOn(String service, String node) {
    cluster.kubectl().runWithInput("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: " + service + "-1\n"
        + "  labels:\n    kubernetes.io/service-name: " + service + "\naddressType: IPv4\nports:\n- name: http\n  port: 80\n  protocol: TCP\n"
        + "endpoints:\n- addresses: [\"" + ProxyNetns.POD_IP + "\"]\n  conditions:\n    ready: true\n  nodeName: " + node + "\n",
        "apply", "-f", "-").ok();
  }

  /**
   * A rollout as the proxy sees it, under steady load: the old endpoint alone, then old and new, then the new one
   * ready and the old one terminating, then the new one alone. Each step is one atomic nft transaction, so a client
   * sending all along never meets a gap (both servers stay up, as a pod draining its connections does).
   */
  @Test
  void endpointsChangingUnderSteadyLoadFailNoRequest() throws Exception {
    cluster.kubectl().runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: rolling\nspec:\n  ports:\n"
        + "  - name: http\n    port: 8100\n    targetPort: 80\n", "apply", "-f", "-").ok();
    slice("rolling", List.of(ProxyNetns.POD_IP));
    String ip = clusterIp("rolling");
    await().atMost(WAIT).until(() -> curlFromNode(ip, 8100).exitCode() == 0);
    // a client in the node's namespace, one request after another for as long as the file exists
    java.nio.file.Path running = net.dir().resolve("rolling");
    java.nio.file.Files.writeString(running, "");
    Process load = new ProcessBuilder("ip", "netns", "exec", net.node, "bash", "-c",
        "ok=0; bad=0; while [ -e " + running + " ]; do if curl -s -o /dev/null -m 2 http://" + ip + ":8100/; then ok=$((ok+1)); "
            + "else bad=$((bad+1)); fi; done; echo \"$ok $bad\"").redirectErrorStream(true).start();
    try {
      Thread.sleep(500);
      slice("rolling", List.of(ProxyNetns.POD_IP, ProxyNetns.SECOND_POD_IP));
      Thread.sleep(700);
      cluster.kubectl().runWithInput("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: rolling-1\n"
          + "  labels:\n    kubernetes.io/service-name: rolling\naddressType: IPv4\nports:\n- name: http\n  port: 80\n  protocol: TCP\n"
          + "endpoints:\n- addresses: [\"" + ProxyNetns.SECOND_POD_IP + "\"]\n  conditions:\n    ready: true\n"
          + "- addresses: [\"" + ProxyNetns.POD_IP + "\"]\n  conditions:\n    ready: false\n    serving: true\n    terminating: true\n",
          "apply", "-f", "-").ok();
      Thread.sleep(700);
      slice("rolling", List.of(ProxyNetns.SECOND_POD_IP));
      await().atMost(WAIT).until(() -> !ruleset0().contains("rolling/tcp/http__" + ProxyNetns.POD_IP));
      Thread.sleep(500);
    } finally {
      java.nio.file.Files.deleteIfExists(running);
    }
    String[] counts = new String(load.getInputStream().readAllBytes()).strip().split(" ");
    load.waitFor();
    assertThat(Integer.parseInt(counts[0])).as("requests answered").isGreaterThan(20);
    assertThat(Integer.parseInt(counts[1])).as("requests failed").isZero();
    assertThat(curlFromNode(ip, 8100).out()).isEqualTo("hello from the second pod\n");
  }

  private static void sliceAt(String service, String node) {
    cluster.kubectl().runWithInput("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: " + service + "-1\n"
        + "  labels:\n    kubernetes.io/service-name: " + service + "\naddressType: IPv4\nports:\n- name: http\n  port: 80\n  protocol: TCP\n"
        + "endpoints:\n- addresses: [\"" + ProxyNetns.POD_IP + "\"]\n  conditions:\n    ready: true\n  nodeName: " + node + "\n",
        "apply", "-f", "-").ok();
  }

  private static ProxyNetns.Result curlFromClient(String url) throws Exception {
    return ProxyNetns.exec(net.client, "curl", "-s", "-S", "-m", "2", url);
  }

  /**
   * From a client outside the cluster: a NodePort of a Cluster-policy service is masqueraded (the pod sees the
   * node's address), a Local-policy one keeps the client's address, and drops when this node has no endpoint of it;
   * an externalIP is DNATed as a cluster IP is.
   */
  @Test
  void fromOutsideNodePortsFollowTheirTrafficPolicyAndExternalIpsAreProxied() throws Exception {
    for (String policy : List.of("Cluster", "Local")) {
      String name = "np-" + policy.toLowerCase();
      cluster.kubectl().runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\nspec:\n  type: NodePort\n"
          + "  externalTrafficPolicy: " + policy + "\n  ports:\n  - name: http\n    port: 80\n    targetPort: 80\n", "apply", "-f", "-").ok();
      sliceAt(name, "node-a");
    }
    int cluster = client.services().inNamespace("default").withName("np-cluster").get().getSpec().getPorts().get(0).getNodePort();
    int local = client.services().inNamespace("default").withName("np-local").get().getSpec().getPorts().get(0).getNodePort();
    String node = "http://" + ProxyNetns.NODE_CLIENT_SIDE_IP + ":";
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromClient(node + cluster + "/ip").out())
        .as("Cluster policy: masqueraded to the node's address on the pod's link").isEqualTo(ProxyNetns.NODE_IP + "\n"));
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromClient(node + local + "/ip").out())
        .as("Local policy: the client's own address").isEqualTo(ProxyNetns.CLIENT_IP + "\n"));
    sliceAt("np-local", "node-b"); // its only endpoint now runs on another node
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromClient(node + local + "/").exitCode())
        .as("Local policy, no local endpoint: dropped, so curl times out").isEqualTo(28));
    assertThat(curlFromClient(node + cluster + "/").out()).isEqualTo("hello from the pod\n");

    cluster().kubectl().runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: ext\nspec:\n  externalIPs: [\"10.250.9.9\"]\n"
        + "  ports:\n  - name: http\n    port: 8300\n    targetPort: 80\n", "apply", "-f", "-").ok();
    sliceAt("ext", "node-a");
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromClient("http://10.250.9.9:8300/").out()).isEqualTo("hello from the pod\n"));
  }

  /** internalTrafficPolicy Local: a cluster IP reaches only this node's endpoints, and drops when it has none. */
  @Test
  void anInternalLocalPolicyClusterIpReachesOnlyThisNodesEndpoints() throws Exception {
    cluster.kubectl().runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: itp-local\nspec:\n"
        + "  internalTrafficPolicy: Local\n  ports:\n  - name: http\n    port: 8400\n    targetPort: 80\n", "apply", "-f", "-").ok();
    sliceAt("itp-local", "node-a");
    String ip = clusterIp("itp-local");
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromNode(ip, 8400).out()).isEqualTo("hello from the pod\n"));
    sliceAt("itp-local", "node-b"); // the only endpoint is elsewhere now
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromNode(ip, 8400).exitCode()).as("dropped: curl times out").isEqualTo(28));
  }

  private static TestCluster cluster() { return cluster; }

  /** ClientIP affinity: one client keeps its endpoint; without affinity the random choice reaches both. */
  @Test
  void clientIpAffinitySticksToOneEndpointWhileWithoutItBothAreReached() throws Exception {
    for (String name : List.of("sticky", "spread")) {
      cluster.kubectl().runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\nspec:\n"
          + (name.equals("sticky") ? "  sessionAffinity: ClientIP\n" : "") + "  ports:\n  - name: http\n    port: 8090\n    targetPort: 80\n",
          "apply", "-f", "-").ok();
      slice(name, List.of(ProxyNetns.POD_IP, ProxyNetns.SECOND_POD_IP));
    }
    String sticky = clusterIp("sticky");
    String spread = clusterIp("spread");
    await().atMost(WAIT).until(() -> curlFromNode(sticky, 8090).exitCode() == 0 && curlFromNode(spread, 8090).exitCode() == 0);
    java.util.Set<String> stuck = new java.util.HashSet<>();
    java.util.Set<String> spreadAnswers = new java.util.HashSet<>();
    for (int i = 0; i < 30; i++) {
      stuck.add(curlFromNode(sticky, 8090).out());
      spreadAnswers.add(curlFromNode(spread, 8090).out());
    }
    assertThat(stuck).hasSize(1); // the affinity set remembers the client's address
    // 30 random picks of two: both are reached but with probability 2^-29
    assertThat(spreadAnswers).containsExactlyInAnyOrder("hello from the pod\n", "hello from the second pod\n");
    assertThat(ruleset0()).contains("update @affinity-", "ip saddr @affinity-");
  }

  @Test
  void healthAndMetricsAnswerAsUpstream() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    int healthPort = proxy.http().orElseThrow().healthPort();
    int metricsPort = proxy.http().orElseThrow().metricsPort();
    await().atMost(WAIT).untilAsserted(() -> {
      HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(h.statusCode()).isEqualTo(200);
      assertThat(h.body()).contains("\"lastUpdated\": \"").contains("\"nodeEligible\": true");
    });
    HttpResponse<String> m = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(m.body()).contains("# TYPE kubeproxy_sync_proxy_rules_duration_seconds histogram")
        .containsPattern("kubeproxy_sync_proxy_rules_duration_seconds_count [1-9]")
        .contains("kubeproxy_network_programming_duration_seconds_bucket");
    HttpResponse<String> mode = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/proxyMode")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(mode.body()).isEqualTo("nftables");
  }
}
