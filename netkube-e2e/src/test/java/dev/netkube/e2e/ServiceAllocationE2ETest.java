package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Cluster IPs and node ports through the real kubectl: the seed's services get addresses and
 * ports, requests are honoured or refused in upstream's words, type changes and deletes free
 * what they held, a restart keeps every allocation, and the kubernetes service exists.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceAllocationE2ETest extends ClusterTestBase {
  private static final String IP = "10\\.(9[6-9]|10[0-9]|11[01])\\.\\d+\\.\\d+";

  private Kubectl.Result apply(String yaml) { return kubectl.runWithInput(yaml, "apply", "-f", "-"); }

  private Kubectl.Result applyFails(String yaml) {
    Kubectl.Result r = apply(yaml);
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
    return r;
  }

  private String get(String name, String jsonpath) {
    return kubectl.run("get", "svc", name, "-o", "jsonpath=" + jsonpath).ok().out();
  }

  static String svc(String name, String type, String extraSpec, String ports) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\nspec:\n  type: " + type + "\n"
        + "  selector:\n    app: " + name + "\n" + extraSpec + "  ports:\n" + ports;
  }

  static String port(int port, int nodePort) {
    return "  - name: p" + port + "\n    port: " + port + "\n    protocol: TCP\n" + (nodePort == 0 ? "" : "    nodePort: " + nodePort + "\n");
  }

  @Test
  @Order(1)
  void theKubernetesServiceAndItsEndpoints() {
    String table = kubectl.run("get", "svc", "kubernetes").ok().out();
    assertThat(table).containsPattern("kubernetes\\s+ClusterIP\\s+10\\.96\\.0\\.1\\s+<none>\\s+443/TCP\\s+\\d+s");
    assertThat(get("kubernetes", "{.spec.ports[0].name} {.spec.ports[0].targetPort} {.metadata.labels.component} "
        + "{.metadata.labels.provider} {.spec.ipFamilyPolicy} {.spec.ipFamilies[0]}"))
        .isEqualTo("https " + cluster.port() + " apiserver kubernetes SingleStack IPv4");
    assertThat(kubectl.run("get", "endpoints", "kubernetes").ok().out())
        .containsPattern("kubernetes\\s+127\\.0\\.0\\.1:" + cluster.port() + "\\s+\\d+s");
    String slices = kubectl.run("get", "endpointslice", "kubernetes").ok().out();
    assertThat(slices).containsPattern("kubernetes\\s+IPv4\\s+" + cluster.port() + "\\s+127\\.0\\.0\\.1\\s+\\d+s");
    assertThat(kubectl.run("get", "endpointslice", "kubernetes", "-o",
        "jsonpath={.metadata.labels} {.ports[0].name} {.endpoints[0].conditions.ready}").ok().out())
        .isEqualTo("{\"kubernetes.io/service-name\":\"kubernetes\"} https true");
  }

  @Test
  @Order(2)
  void everySeedServiceGetsItsAddressesAndPorts() {
    kubectl.run("create", "namespace", "ingress-nginx").ok();
    kubectl.run("create", "namespace", "monitoring").ok();
    for (String m : List.of("clusterip-service.yaml", "nodeport-service.yaml", "loadbalancer.yaml", "externalname.yaml",
        "default-subdomain-service.yaml", "apple-banana-service.yaml", "ingress-nginx-controller-lb.yaml",
        "prometheus-app-service.yaml")) {
      kubectl.run("apply", "-f", TestCluster.seedManifest(m).toString()).ok();
    }
    String table = kubectl.run("get", "svc", "-A").ok().out();
    assertThat(table)
        .containsPattern("default\\s+clusterip-service\\s+ClusterIP\\s+" + IP + "\\s+<none>\\s+80/TCP")
        .containsPattern("default\\s+nodeport-service\\s+NodePort\\s+" + IP + "\\s+<none>\\s+80:30000/TCP")
        .containsPattern("default\\s+loadbalancer-service\\s+LoadBalancer\\s+" + IP + "\\s+<pending>\\s+80:3\\d{4}/TCP")
        .containsPattern("default\\s+externalname-service\\s+ExternalName\\s+<none>\\s+google\\.com\\s+<none>")
        .containsPattern("default\\s+default-subdomain\\s+ClusterIP\\s+None\\s+<none>\\s+8080/TCP")
        .containsPattern("default\\s+apple\\s+ClusterIP\\s+" + IP + "\\s+<none>\\s+5678/TCP")
        .containsPattern("ingress-nginx\\s+ingress-nginx-controller\\s+LoadBalancer\\s+" + IP
            + "\\s+<pending>\\s+80:3\\d{4}/TCP,443:3\\d{4}/TCP")
        .containsPattern("monitoring\\s+prometheus-app\\s+NodePort\\s+" + IP + "\\s+<none>\\s+9090:30990/TCP");
    String ips = kubectl.run("get", "svc", "-A", "-o", "jsonpath={range .items[*]}{.spec.clusterIP} {end}").ok().out();
    List<String> held = new ArrayList<>();
    for (String ip : ips.trim().split(" ")) if (!ip.equals("None")) held.add(ip);
    assertThat(new HashSet<>(held)).as("distinct cluster IPs").hasSameSizeAs(held);
    // Dynamic picks come from above the static band (the first 256 addresses).
    assertThat(get("clusterip-service", "{.spec.clusterIP}")).isNotIn("10.96.0.1", "10.96.0.10");
    assertThat(get("clusterip-service", "{.spec.clusterIPs[0]} {.spec.ipFamilies[0]} {.spec.ipFamilyPolicy}"))
        .matches(IP + " IPv4 SingleStack");
    int lbPort = Integer.parseInt(get("loadbalancer-service", "{.spec.ports[0].nodePort}"));
    assertThat(lbPort).isBetween(30086, 32767);
    assertThat(get("externalname-service", "{.spec.clusterIP}{.spec.clusterIPs}{.spec.ipFamilies}")).isEmpty();
    assertThat(get("default-subdomain", "{.spec.clusterIPs} {.spec.ipFamilyPolicy}")).isEqualTo("[\"None\"] SingleStack");
  }

  @Test
  @Order(3)
  void requestedClusterIPsAreHonouredOrRefused() {
    apply(svc("fixed-ip", "ClusterIP", "  clusterIP: 10.96.0.50\n", port(80, 0))).ok();
    assertThat(get("fixed-ip", "{.spec.clusterIP} {.spec.clusterIPs[0]}")).isEqualTo("10.96.0.50 10.96.0.50");
    assertThat(applyFails(svc("dup-ip", "ClusterIP", "  clusterIP: 10.96.0.50\n", port(80, 0))).err())
        .isEqualTo("The Service \"dup-ip\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.50\"}: "
            + "failed to allocate IP 10.96.0.50: provided IP is already allocated\n");
    assertThat(applyFails(svc("far-ip", "ClusterIP", "  clusterIP: 10.200.0.5\n", port(80, 0))).err())
        .isEqualTo("The Service \"far-ip\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.200.0.5\"}: "
            + "failed to allocate IP 10.200.0.5: the provided IP (10.200.0.5) is not in the valid range. "
            + "The range of valid IPs is 10.96.0.0/12\n");
    assertThat(applyFails(svc("kube-ip", "ClusterIP", "  clusterIP: 10.96.0.1\n", port(80, 0))).err())
        .contains("failed to allocate IP 10.96.0.1: provided IP is already allocated");
    assertThat(kubectl.run("get", "svc", "dup-ip").exitCode()).isEqualTo(1);
  }

  @Test
  @Order(4)
  void requestedNodePortsAreHonouredOrRefused() {
    // Requested ports come from the static band (30000-30085), which dynamic picks (the seed's
    // load balancers) never take, as upstream advises: above it a pick could hold the port first.
    apply(svc("np-a", "NodePort", "", port(80, 30040))).ok();
    assertThat(applyFails(svc("np-b", "NodePort", "", port(80, 30040))).err())
        .isEqualTo("The Service \"np-b\" is invalid: spec.ports[0].nodePort: Invalid value: 30040: "
            + "provided port is already allocated\n");
    assertThat(applyFails(svc("np-c", "NodePort", "", port(80, 0) + port(81, 40000))).err())
        .isEqualTo("The Service \"np-c\" is invalid: spec.ports[1].nodePort: Invalid value: 40000: "
            + "provided port is not in the valid range. The range of valid ports is 30000-32767\n");
    // The refused request held nothing: its dynamically picked port for port 80 went back.
    assertThat(kubectl.run("get", "svc", "np-c").exitCode()).isEqualTo(1);
    // The same port number over TCP and UDP shares one node port.
    apply(svc("dns-np", "NodePort", "", "  - name: dns\n    port: 53\n    protocol: UDP\n"
        + "  - name: dns-tcp\n    port: 53\n    protocol: TCP\n")).ok();
    String ports = get("dns-np", "{.spec.ports[0].nodePort} {.spec.ports[1].nodePort}");
    assertThat(ports.split(" ")[0]).isEqualTo(ports.split(" ")[1]);
    // LoadBalancer without node ports, and with a health check port for externalTrafficPolicy Local.
    apply(svc("lb-noports", "LoadBalancer", "  allocateLoadBalancerNodePorts: false\n", port(80, 0))).ok();
    assertThat(get("lb-noports", "{.spec.ports[0].nodePort}")).isEmpty();
    apply(svc("lb-local", "LoadBalancer", "  externalTrafficPolicy: Local\n  healthCheckNodePort: 30041\n", port(80, 0))).ok();
    assertThat(get("lb-local", "{.spec.healthCheckNodePort}")).isEqualTo("30041");
    Kubectl.Result taken = applyFails(svc("lb-local2", "LoadBalancer", "  externalTrafficPolicy: Local\n"
        + "  healthCheckNodePort: 30041\n", port(80, 0)));
    assertThat(taken.err()).isEqualTo("Error from server (InternalError): error when creating \"STDIN\": "
        + "Internal error occurred: failed to allocate requested HealthCheck NodePort 30041: provided port is already allocated\n");
    apply(svc("lb-local3", "LoadBalancer", "  externalTrafficPolicy: Local\n", port(80, 0))).ok();
    assertThat(Integer.parseInt(get("lb-local3", "{.spec.healthCheckNodePort}"))).isBetween(30000, 32767);
  }

  @Test
  @Order(5)
  void typeChangesAndDeletesFreeWhatTheyHeld() {
    apply(svc("changer", "NodePort", "", port(80, 30042))).ok();
    String ip = get("changer", "{.spec.clusterIP}");
    // NodePort -> ClusterIP (kubectl apply drops the nodePort it manages): the port is free again.
    apply(svc("changer", "ClusterIP", "", port(80, 0))).ok();
    assertThat(get("changer", "{.spec.type} {.spec.clusterIP} {.spec.ports[0].nodePort}")).isEqualTo("ClusterIP " + ip + " ");
    apply(svc("taker", "NodePort", "", port(80, 30042))).ok();
    // ClusterIP -> NodePort picks a port; -> ExternalName gives up the cluster IP and node ports.
    apply(svc("changer", "NodePort", "", port(80, 0))).ok();
    assertThat(get("changer", "{.spec.clusterIP}")).isEqualTo(ip);
    assertThat(get("changer", "{.spec.ports[0].nodePort}")).matches("3\\d{4}");
    apply("apiVersion: v1\nkind: Service\nmetadata:\n  name: changer\nspec:\n  type: ExternalName\n"
        + "  externalName: example.com\n").ok();
    assertThat(get("changer", "{.spec.clusterIP}{.spec.clusterIPs}{.spec.ports}")).isEmpty();
    apply(svc("ip-taker", "ClusterIP", "  clusterIP: " + ip + "\n", port(80, 0))).ok();
    // Deleting frees the IP and the port for the next service.
    kubectl.run("delete", "svc", "ip-taker", "taker").ok();
    apply(svc("ip-taker2", "NodePort", "  clusterIP: " + ip + "\n", port(80, 30042))).ok();
    assertThat(get("ip-taker2", "{.spec.clusterIP} {.spec.ports[0].nodePort}")).isEqualTo(ip + " 30042");
    // ExternalName -> ClusterIP gets a fresh cluster IP.
    apply(svc("changer", "ClusterIP", "", port(80, 0))).ok();
    assertThat(get("changer", "{.spec.clusterIP}")).matches(IP);
  }

  @Test
  @Order(6)
  void dryRunAllocatesNothing() {
    Kubectl.Result r = kubectl.runWithInput(svc("dry", "NodePort", "", port(80, 30043)), "apply", "--dry-run=server",
        "-f", "-", "-o", "jsonpath={.spec.clusterIP} {.spec.ports[0].nodePort}").ok();
    assertThat(r.out()).isEqualTo("10.96.0.0 30043");
    apply(svc("wet", "NodePort", "", port(80, 30043))).ok();
    assertThat(get("wet", "{.spec.ports[0].nodePort}")).isEqualTo("30043");
  }

  @Test
  @Order(7)
  void concurrentCreatesNeverShareAnAddress() throws Exception {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int base = t;
      Thread th = new Thread(() -> {
        StringBuilder docs = new StringBuilder();
        for (int i = 0; i < 10; i++) docs.append("---\n").append(svc("par-" + base + "-" + i, "NodePort", "", port(80, 0)));
        kubectl.runWithInput(docs.toString(), "create", "-f", "-").ok();
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) th.join();
    assertDistinctAllocations();
  }

  @Test
  @Order(8)
  void aRestartKeepsEveryAllocation() throws Exception {
    String before = kubectl.run("get", "svc", "-A", "-o",
        "jsonpath={range .items[*]}{.metadata.name}={.spec.clusterIP}/{.spec.ports[*].nodePort};{end}").ok().out();
    cluster.restart();
    String after = kubectl.run("get", "svc", "-A", "-o",
        "jsonpath={range .items[*]}{.metadata.name}={.spec.clusterIP}/{.spec.ports[*].nodePort};{end}").ok().out();
    // The kubernetes service follows the new port; everything else is as it was.
    assertThat(after.replaceAll("kubernetes=[^;]*;", "")).isEqualTo(before.replaceAll("kubernetes=[^;]*;", ""));
    assertThat(get("kubernetes", "{.spec.ports[0].targetPort}")).isEqualTo(Integer.toString(cluster.port()));
    assertThat(kubectl.run("get", "endpoints", "kubernetes").ok().out()).contains("127.0.0.1:" + cluster.port());
    // No double assignment after the restart: taken values are still refused, new ones are fresh.
    assertThat(applyFails(svc("again", "NodePort", "", port(80, 30000))).err()).contains("provided port is already allocated");
    assertThat(applyFails(svc("again", "ClusterIP", "  clusterIP: 10.96.0.50\n", port(80, 0))).err())
        .contains("provided IP is already allocated");
    StringBuilder docs = new StringBuilder();
    for (int i = 0; i < 20; i++) docs.append("---\n").append(svc("post-" + i, "NodePort", "", port(80, 0)));
    kubectl.runWithInput(docs.toString(), "create", "-f", "-").ok();
    assertDistinctAllocations();
  }

  private void assertDistinctAllocations() {
    String out = kubectl.run("get", "svc", "-A", "-o",
        "jsonpath={range .items[*]}{.spec.clusterIP} {.spec.ports[*].nodePort} {.spec.healthCheckNodePort};{end}").ok().out();
    Set<String> ips = new HashSet<>();
    Set<String> ports = new HashSet<>();
    for (String svc : out.split(";")) {
      if (svc.isBlank()) continue;
      String[] f = svc.trim().split("\\s+");
      if (!f[0].equals("None") && f[0].matches(IP)) assertThat(ips.add(f[0])).as("cluster IP " + f[0] + " once").isTrue();
      Set<String> own = new HashSet<>();
      for (int i = 1; i < f.length; i++) if (own.add(f[i])) assertThat(ports.add(f[i])).as("node port " + f[i] + " once").isTrue();
    }
  }
}
