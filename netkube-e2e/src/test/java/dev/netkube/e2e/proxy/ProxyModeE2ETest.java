package dev.netkube.e2e.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netkube.e2e.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The e2e suite every proxy mode runs: netkube's kube-proxy against a real netkube API server, programming a real
 * node namespace, checked with real packets from the node, from a client outside the cluster and against nginx
 * in a pod namespace. What users see is the same in every mode; where a mode's upstream behaves otherwise
 * (userspace: the proxy is the endpoints' client, Local policies are not honoured, a port without endpoints
 * accepts and closes), a small hook says so. Each subclass also checks its own kernel state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProxyModeE2ETest {
  protected static final Duration WAIT = Duration.ofSeconds(20);
  protected TestCluster cluster;
  protected ProxyNetns net;
  protected KubernetesClient client;
  protected ProxyUnderTest proxy;
  private ProxyTestbed bed;

  /** The testbed with this mode's proxy running as node "node-a". */
  protected abstract ProxyTestbed startTestbed() throws Exception;

  /** What /proxyMode answers. */
  protected abstract String modeWord();

  /** The kernel state of this mode sends {@code ip:port} to the pod (its rules, as this mode writes them). */
  protected abstract void assertClusterIpProgrammed(String ip, int port) throws Exception;

  /** curl to a port without endpoints failed the way this mode fails it (not after curl's timeout). */
  protected abstract void assertNoEndpointsFailure(ProxyNetns.Result r);

  /** curl to a port the cluster IP does not have failed the way this mode fails it. */
  protected abstract void assertUnknownPortFailure(ProxyNetns.Result r);

  /** Whether the endpoint sees the outside client's own address through a Local-policy node port. */
  protected abstract boolean keepsClientIpWithLocalPolicy();

  /** Whether Local traffic policies keep traffic on this node's endpoints (drop without one). */
  protected abstract boolean honoursLocalTrafficPolicies();

  /** After the first UDP datagram of the kept socket went to {@code 10.250.0.2}: this mode's evidence of it. */
  protected void afterFirstUdpDatagram(String serviceIp) throws Exception {}

  /** The UDP service's endpoints moved from .2 to .3: wait until this mode applied it (beyond a fresh socket seeing it). */
  protected void awaitUdpEndpointMoved(String serviceIp) throws Exception {}

  /** ClientIP affinity in this mode's kernel state (none for a mode that keeps it in the proxy). */
  protected void assertAffinityProgrammed() throws Exception {}

  /** The rolling service's old endpoint left: wait until this mode applied it. */
  protected void awaitEndpointLeft(String service, String ip) throws Exception {
    Thread.sleep(1000); // ten min sync periods: a mode without observable state for it
  }

  @BeforeAll
  void start() throws Exception {
    bed = startTestbed();
    cluster = bed.cluster();
    net = bed.net();
    client = bed.client();
    proxy = bed.proxy();
  }

  @AfterAll
  void stop() throws Exception {
    if (bed != null) bed.close();
  }

  protected String clusterIp(String name) {
    return client.services().inNamespace("default").withName(name).get().getSpec().getClusterIP();
  }

  protected void service(String name, int port) {
    cluster.kubectl().runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\nspec:\n  ports:\n"
        + "  - name: http\n    port: " + port + "\n    targetPort: 80\n", "apply", "-f", "-").ok();
  }

  protected void slice(String service, List<String> readyIps) { slice(service, readyIps, 80, "TCP"); }

  protected void slice(String service, List<String> readyIps, int port, String protocol) {
    StringBuilder eps = new StringBuilder();
    for (String ip : readyIps) eps.append("- addresses: [\"").append(ip).append("\"]\n  conditions:\n    ready: true\n  nodeName: node-a\n");
    // the trigger time the EndpointSlice controller would set: the proxy's network programming latency starts there
    cluster.kubectl().runWithInput("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: " + service + "-1\n"
        + "  annotations:\n    endpoints.kubernetes.io/last-change-trigger-time: \"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"\n"
        + "  labels:\n    kubernetes.io/service-name: " + service + "\naddressType: IPv4\nports:\n- name: http\n  port: " + port
        + "\n  protocol: " + protocol + "\n"
        + (readyIps.isEmpty() ? "endpoints: []\n" : "endpoints:\n" + eps), "apply", "-f", "-").ok();
  }

  /** The node's UDP conntrack entries to {@code serviceIp} (the kernel modes' DNAT lives there). */
  protected String udpConntrack(String serviceIp) throws Exception {
    return ProxyNetns.exec(net.node, "conntrack", "-L", "-p", "udp", "--orig-dst", serviceIp).out();
  }

  protected ProxyNetns.Result curlFromNode(String ip, int port) throws Exception {
    return ProxyNetns.exec(net.node, "curl", "-s", "-S", "-m", "3", "http://" + ip + ":" + port + "/");
  }

  private String metrics() throws Exception {
    return proxy.get(proxy.metricsPort(), "/metrics").orElseThrow().body();
  }

  @Test
  void aClusterIpReachesItsEndpointFromTheNode() throws Exception {
    service("web", 8080);
    slice("web", List.of(ProxyNetns.POD_IP));
    String ip = clusterIp("web");
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromNode(ip, 8080).out()).isEqualTo("hello from the pod\n"));
    // from the slice's trigger time to the change written: observed once it reached the data plane
    assertThat(metrics()).containsPattern("kubeproxy_network_programming_duration_seconds_count [1-9]");
    assertClusterIpProgrammed(ip, 8080);
  }

  @Test
  void aServiceWithoutEndpointsFailsAtOnceAndFollowsItsEndpoints() throws Exception {
    service("empty", 8081);
    slice("empty", List.of());
    String ip = clusterIp("empty");
    await().atMost(WAIT).untilAsserted(() -> {
      long t = System.nanoTime();
      ProxyNetns.Result r = curlFromNode(ip, 8081);
      long ms = (System.nanoTime() - t) / 1_000_000;
      assertNoEndpointsFailure(r);
      assertThat(ms).as("failed at once, not after curl's 3 s timeout").isLessThan(2000);
    });
    slice("empty", List.of(ProxyNetns.POD_IP));
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromNode(ip, 8081).out()).isEqualTo("hello from the pod\n"));
    slice("empty", List.of());
    await().atMost(WAIT).untilAsserted(() -> assertNoEndpointsFailure(curlFromNode(ip, 8081)));
  }

  @Test
  void anUnknownPortOnAClusterIpIsNotAnswered() throws Exception {
    service("oneport", 8082);
    slice("oneport", List.of(ProxyNetns.POD_IP));
    String ip = clusterIp("oneport");
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromNode(ip, 8082).exitCode()).isZero());
    assertUnknownPortFailure(curlFromNode(ip, 9999));
  }

  /**
   * The DNS pain point (kubernetes#19029): a client that keeps its UDP socket (a resolver) sends every datagram
   * the same way its first one went (a conntrack entry, or the proxy's session). When that endpoint leaves the
   * service, the proxy must let go of it, so the next datagram on the same socket reaches the endpoint that is left;
   * kept, it would still reach the old one (here alive, to show which way it went).
   */
  @Test
  void aUdpClientKeepingItsSocketFollowsTheEndpoints() throws Exception {
    try (UdpEcho a = UdpEcho.start(net.pod, ProxyNetns.POD_IP, 5353, net.dir());
         UdpEcho b = UdpEcho.start(net.pod, ProxyNetns.SECOND_POD_IP, 5353, net.dir())) {
      cluster.kubectl().runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: dns\nspec:\n  ports:\n"
          + "  - name: http\n    port: 53\n    protocol: UDP\n    targetPort: 5353\n", "apply", "-f", "-").ok();
      slice("dns", List.of(ProxyNetns.POD_IP), 5353, "UDP");
      String ip = clusterIp("dns");
      await().atMost(WAIT).until(() -> "2".equals(udpOnce(ip)));
      Path go = net.dir().resolve("go");
      // one socket (fd 3) for both datagrams: the same source port
      Process udp = new ProcessBuilder("ip", "netns", "exec", net.node, "bash", "-c",
          "exec 3<>/dev/udp/" + ip + "/53; printf x >&3; read -N 1 -t 3 -u 3 r; echo \"1 $r\"; "
              + "while [ ! -e " + go + " ]; do sleep 0.05; done; printf x >&3; read -N 1 -t 3 -u 3 r; echo \"2 $r\"")
          .redirectErrorStream(true).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(udp.getInputStream()));
        assertThat(out.readLine()).isEqualTo("1 2"); // 10.250.0.2
        afterFirstUdpDatagram(ip);
        slice("dns", List.of(ProxyNetns.SECOND_POD_IP), 5353, "UDP");
        await().atMost(WAIT).until(() -> "3".equals(udpOnce(ip))); // a fresh socket sees the change
        awaitUdpEndpointMoved(ip);
        Files.createFile(go);
        assertThat(out.readLine()).isEqualTo("2 3"); // 10.250.0.3: the old way was let go
      } finally {
        udp.destroyForcibly(); // it waits for the go file forever when an assertion failed before
        udp.waitFor();
      }
    }
  }

  /** One datagram from a fresh socket in the node: the digit of the endpoint that answered, "" for none. */
  private String udpOnce(String ip) throws Exception {
    return ProxyNetns.exec(net.node, "bash", "-c", "exec 3<>/dev/udp/" + ip + "/53; printf x >&3; read -N 1 -t 1 -u 3 r; echo -n \"$r\"")
        .out().strip();
  }

  @Test
  void aLocalPolicyServicesHealthCheckPortCountsTheEndpointsOfThisNode() throws Exception {
    cluster.kubectl().runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: lb-local\nspec:\n  type: LoadBalancer\n"
        + "  externalTrafficPolicy: Local\n  ports:\n  - name: http\n    port: 80\n    targetPort: 80\n", "apply", "-f", "-").ok();
    int hc = client.services().inNamespace("default").withName("lb-local").get().getSpec().getHealthCheckNodePort();
    sliceOn("lb-local", "node-a");
    await().atMost(WAIT).untilAsserted(() -> {
      ProxyUnderTest.HttpAnswer r = proxy.get(hc, "/").orElseThrow();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("{\n\t\"service\": {\n\t\t\"namespace\": \"default\",\n\t\t\"name\": \"lb-local\"\n\t},\n"
          + "\t\"localEndpoints\": 1,\n\t\"serviceProxyHealthy\": true\n}");
      assertThat(r.headers().get("x-load-balancing-endpoint-weight")).isEqualTo("1");
    });
    sliceOn("lb-local", "node-b"); // the endpoint moved to another node
    await().atMost(WAIT).untilAsserted(() -> {
      ProxyUnderTest.HttpAnswer r = proxy.get(hc, "/").orElseThrow();
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.body()).contains("\"localEndpoints\": 0");
    });
    cluster.kubectl().run("delete", "service", "lb-local").ok();
    await().atMost(WAIT).until(() -> !proxy.portOpen(hc)); // the port closes with its service
  }

  private void sliceOn(String service, String node) {
    cluster.kubectl().runWithInput("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: " + service + "-1\n"
        + "  labels:\n    kubernetes.io/service-name: " + service + "\naddressType: IPv4\nports:\n- name: http\n  port: 80\n  protocol: TCP\n"
        + "endpoints:\n- addresses: [\"" + ProxyNetns.POD_IP + "\"]\n  conditions:\n    ready: true\n  nodeName: " + node + "\n",
        "apply", "-f", "-").ok();
  }

  /**
   * A rollout as the proxy sees it, under steady load: the old endpoint alone, then old and new, then the new one
   * ready and the old one terminating, then the new one alone. No step leaves a gap, so a client sending all along
   * never fails (both servers stay up, as a pod draining its connections does).
   */
  @Test
  void endpointsChangingUnderSteadyLoadFailNoRequest() throws Exception {
    cluster.kubectl().runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: rolling\nspec:\n  ports:\n"
        + "  - name: http\n    port: 8100\n    targetPort: 80\n", "apply", "-f", "-").ok();
    slice("rolling", List.of(ProxyNetns.POD_IP));
    String ip = clusterIp("rolling");
    await().atMost(WAIT).until(() -> curlFromNode(ip, 8100).exitCode() == 0);
    // a client in the node's namespace, one request after another for as long as the file exists
    Path running = net.dir().resolve("rolling");
    Files.writeString(running, "");
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
      awaitEndpointLeft("rolling", ProxyNetns.POD_IP);
      Thread.sleep(500);
    } finally {
      Files.deleteIfExists(running);
    }
    String[] counts = new String(load.getInputStream().readAllBytes()).strip().split(" ");
    load.waitFor();
    assertThat(Integer.parseInt(counts[0])).as("requests answered").isGreaterThan(20);
    assertThat(Integer.parseInt(counts[1])).as("requests failed").isZero();
    assertThat(curlFromNode(ip, 8100).out()).isEqualTo("hello from the second pod\n");
  }

  protected void sliceAt(String service, String node) { sliceOn(service, node); }

  protected ProxyNetns.Result curlFromClient(String url) throws Exception {
    return ProxyNetns.exec(net.client, "curl", "-s", "-S", "-m", "2", url);
  }

  /**
   * From a client outside the cluster: a NodePort of a Cluster-policy service reaches the pod from the node's
   * address (masqueraded, or proxied); a Local-policy one keeps the client's address and drops when this node has no
   * endpoint of it, where the mode honours it; an externalIP is proxied as a cluster IP is.
   */
  @Test
  void fromOutsideNodePortsFollowTheirTrafficPolicyAndExternalIpsAreProxied() throws Exception {
    for (String policy : List.of("Cluster", "Local")) {
      String name = "np-" + policy.toLowerCase();
      cluster.kubectl().runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\nspec:\n  type: NodePort\n"
          + "  externalTrafficPolicy: " + policy + "\n  ports:\n  - name: http\n    port: 80\n    targetPort: 80\n", "apply", "-f", "-").ok();
      sliceAt(name, "node-a");
    }
    int clusterPort = client.services().inNamespace("default").withName("np-cluster").get().getSpec().getPorts().get(0).getNodePort();
    int localPort = client.services().inNamespace("default").withName("np-local").get().getSpec().getPorts().get(0).getNodePort();
    String node = "http://" + ProxyNetns.NODE_CLIENT_SIDE_IP + ":";
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromClient(node + clusterPort + "/ip").out())
        .as("Cluster policy: from the node's address on the pod's link").isEqualTo(ProxyNetns.NODE_IP + "\n"));
    String localSource = keepsClientIpWithLocalPolicy() ? ProxyNetns.CLIENT_IP : ProxyNetns.NODE_IP;
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromClient(node + localPort + "/ip").out())
        .as("Local policy: the client's own address where the mode keeps it").isEqualTo(localSource + "\n"));
    sliceAt("np-local", "node-b"); // its only endpoint now runs on another node
    if (honoursLocalTrafficPolicies()) {
      await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromClient(node + localPort + "/").exitCode())
          .as("Local policy, no local endpoint: dropped, so curl times out").isEqualTo(28));
    } else {
      Thread.sleep(1000); // ten min sync periods: a mode that honoured it would have dropped by now
      assertThat(curlFromClient(node + localPort + "/").out()).as("Local policy ignored: still proxied").isEqualTo("hello from the pod\n");
    }
    assertThat(curlFromClient(node + clusterPort + "/").out()).isEqualTo("hello from the pod\n");

    cluster.kubectl().runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: ext\nspec:\n  externalIPs: [\"10.250.9.9\"]\n"
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
    if (honoursLocalTrafficPolicies()) {
      await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromNode(ip, 8400).exitCode()).as("dropped: curl times out").isEqualTo(28));
    } else {
      Thread.sleep(1000);
      assertThat(curlFromNode(ip, 8400).out()).as("Local policy ignored: still proxied").isEqualTo("hello from the pod\n");
    }
  }

  /** ClientIP affinity: one client keeps its endpoint; without affinity both endpoints are reached. */
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
    Set<String> stuck = new HashSet<>();
    Set<String> spreadAnswers = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      stuck.add(curlFromNode(sticky, 8090).out());
      spreadAnswers.add(curlFromNode(spread, 8090).out());
    }
    assertThat(stuck).hasSize(1); // the client's address is remembered
    // round robin reaches both; a random pick of two misses one in 30 tries with probability 2^-29
    assertThat(spreadAnswers).containsExactlyInAnyOrder("hello from the pod\n", "hello from the second pod\n");
    assertAffinityProgrammed();
  }

  @Test
  void healthAndMetricsAnswerAsUpstream() throws Exception {
    await().atMost(WAIT).untilAsserted(() -> {
      ProxyUnderTest.HttpAnswer h = proxy.get(proxy.healthPort(), "/healthz").orElseThrow();
      assertThat(h.status()).isEqualTo(200);
      assertThat(h.body()).contains("\"lastUpdated\": \"").contains("\"nodeEligible\": true");
    });
    assertThat(metrics()).contains("# TYPE kubeproxy_sync_proxy_rules_duration_seconds histogram")
        .containsPattern("kubeproxy_sync_proxy_rules_duration_seconds_count [1-9]")
        .contains("kubeproxy_network_programming_duration_seconds_bucket");
    assertThat(proxy.get(proxy.metricsPort(), "/proxyMode").orElseThrow().body()).isEqualTo(modeWord());
  }
}
