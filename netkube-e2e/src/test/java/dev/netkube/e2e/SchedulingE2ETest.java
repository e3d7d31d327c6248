package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netkube.apiserver.pki.ClusterPki;
import dev.netkube.controllers.runtime.Clients;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The scheduler and the node lifecycle with the real kubectl: nodes registered by the test, their
 * Leases renewed by the test (as a kubelet would), pods placed, refused with upstream's words, and
 * a node that stops renewing going NotReady with the unreachable taints.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulingE2ETest extends ClusterTestBase {
  static {
    // Read by Controllers.all() when the control plane starts its controllers (same JVM); cleared after the class.
    System.setProperty("netkube.node-monitor-grace-period", "6s");
    System.setProperty("netkube.node-monitor-period", "500ms");
  }

  private final Set<String> heartbeating = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService kubelets;
  private KubernetesClient client;

  @Override
  protected void afterStart() {
    ClusterPki pki = cluster.server().pki();
    client = Clients.forServer("https://127.0.0.1:" + cluster.port(), pki.caCertificatePem(), pki.adminCertificatePem(),
        pki.adminKeyPem());
    for (int i = 1; i <= 3; i++) register("node-" + i);
    kubelets = Executors.newSingleThreadScheduledExecutor();
    kubelets.scheduleAtFixedRate(this::renewLeases, 0, 1, TimeUnit.SECONDS);
  }

  @AfterAll
  void stopKubelets() {
    System.clearProperty("netkube.node-monitor-grace-period");
    System.clearProperty("netkube.node-monitor-period");
    if (kubelets != null) kubelets.shutdownNow();
    if (client != null) client.close();
  }

  private void register(String name) {
    kubectl.runWithInput("apiVersion: v1\nkind: Node\nmetadata:\n  name: " + name + "\n  labels:\n"
        + "    kubernetes.io/hostname: " + name + "\n    kubernetes.io/os: linux\n", "apply", "-f", "-").ok();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    kubectl.run("patch", "node", name, "--subresource=status", "--type=merge", "-p",
        "{\"status\":{\"capacity\":{\"cpu\":\"4\",\"memory\":\"8Gi\",\"pods\":\"110\"},"
            + "\"allocatable\":{\"cpu\":\"4\",\"memory\":\"8Gi\",\"pods\":\"110\"},"
            + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\","
            + "\"message\":\"kubelet is posting ready status\",\"lastHeartbeatTime\":\"" + now + "\","
            + "\"lastTransitionTime\":\"" + now + "\"}]}}").ok();
    client.leases().inNamespace("kube-node-lease").resource(new LeaseBuilder().withNewMetadata().withName(name)
        .withNamespace("kube-node-lease").endMetadata().withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(40)
        .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build()).create();
    heartbeating.add(name);
  }

  private void renewLeases() {
    for (String node : heartbeating) {
      try {
        String now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS).toString();
        client.leases().inNamespace("kube-node-lease").withName(node)
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"renewTime\":\"" + now + "\"}}");
      } catch (RuntimeException e) {
        // the next round retries
      }
    }
  }

  private String nodeOf(String pod) {
    return kubectl.run("get", "pod", pod, "-o", "jsonpath={.spec.nodeName}").ok().out();
  }

  private void awaitFailedScheduling(String pod, String message) {
    Pattern event = Pattern.compile("Warning\\s+FailedScheduling\\s+\\S+\\s+default-scheduler\\s+" + Pattern.quote(message) + "\n");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(kubectl.run("describe", "pod", pod).ok().out()).containsPattern(event));
  }

  @Test
  @Order(1)
  void runPodsGetScheduledAndSpread() {
    for (int i = 1; i <= 6; i++) kubectl.run("run", "web-" + i, "--image=nginx").ok();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      for (int i = 1; i <= 6; i++) assertThat(nodeOf("web-" + i)).startsWith("node-");
    });
    String wide = kubectl.run("get", "pod", "-o", "wide").ok().out();
    assertThat(wide.lines().findFirst().orElseThrow()).containsPattern("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\s+IP\\s+NODE");
    assertThat(wide).containsPattern("web-1\\s+0/1\\s+Pending\\s+0\\s+\\S+\\s+<none>\\s+node-\\d");
    Set<String> used = ConcurrentHashMap.newKeySet();
    for (int i = 1; i <= 6; i++) used.add(nodeOf("web-" + i));
    assertThat(used).hasSize(3);
    String describe = kubectl.run("describe", "pod", "web-1").ok().out();
    assertThat(describe).containsPattern("Normal\\s+Scheduled\\s+\\S+\\s+default-scheduler\\s+Successfully assigned default/web-1 to "
        + Pattern.quote(nodeOf("web-1")) + "\n");
    assertThat(describe).containsPattern("Node:\\s+node-\\d/");
    assertThat(describe).contains("node.kubernetes.io/not-ready:NoExecute op=Exists for 300s");
    assertThat(kubectl.run("get", "pod", "web-1", "-o", "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].status}").ok().out())
        .isEqualTo("True");
  }

  @Test
  @Order(2)
  void bindingAnAlreadyBoundPodIsAConflict() {
    String node = nodeOf("web-1");
    Kubectl.Result r = kubectl.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"web-1\"},"
        + "\"target\":{\"kind\":\"Node\",\"name\":\"node-9\"}}", "create", "--raw", "/api/v1/namespaces/default/pods/web-1/binding", "-f", "-");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("Error from server (Conflict): Operation cannot be fulfilled on pods/binding \"web-1\": "
        + "pod web-1 is already assigned to node \"" + node + "\"\n");
  }

  @Test
  @Order(3)
  void impossibleNodeSelectorStaysPendingUntilANodeMatches() {
    kubectl.runWithInput("apiVersion: v1\nkind: Pod\nmetadata:\n  name: wants-ssd\nspec:\n  nodeSelector:\n    disk: ssd\n"
        + "  containers:\n  - name: c\n    image: nginx\n", "apply", "-f", "-").ok();
    awaitFailedScheduling("wants-ssd", "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. "
        + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    assertThat(kubectl.run("get", "pod", "wants-ssd").ok().out()).containsPattern("wants-ssd\\s+0/1\\s+Pending");
    assertThat(kubectl.run("get", "pod", "wants-ssd", "-o",
        "jsonpath={.status.conditions[0].type} {.status.conditions[0].status} {.status.conditions[0].reason}").ok().out())
        .isEqualTo("PodScheduled False Unschedulable");
    kubectl.run("label", "node", "node-2", "disk=ssd").ok();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(nodeOf("wants-ssd")).isEqualTo("node-2"));
  }

  @Test
  @Order(4)
  void gatedPodsWaitForTheirGatesToGo() {
    kubectl.runWithInput("apiVersion: v1\nkind: Pod\nmetadata:\n  name: gated\nspec:\n  schedulingGates:\n  - name: example.com/wait\n"
        + "  containers:\n  - name: c\n    image: nginx\n", "apply", "-f", "-").ok();
    String condition = "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].reason}";
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(kubectl.run("get", "pod", "gated", "-o", condition).ok().out()).isEqualTo("SchedulingGated"));
    assertThat(kubectl.run("get", "pod", "gated").ok().out()).containsPattern("gated\\s+0/1\\s+SchedulingGated");
    assertThat(nodeOf("gated")).isEmpty();
    kubectl.run("patch", "pod", "gated", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/spec/schedulingGates\"}]").ok();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(nodeOf("gated")).startsWith("node-"));
  }

  @Test
  @Order(4)
  void moreCpuThanAnyNodeHas() {
    kubectl.run("run", "hungry", "--image=nginx", "--overrides",
        "{\"spec\":{\"containers\":[{\"name\":\"hungry\",\"image\":\"nginx\",\"resources\":{\"requests\":{\"cpu\":\"64\"}}}]}}").ok();
    awaitFailedScheduling("hungry", "0/3 nodes are available: 3 Insufficient cpu. "
        + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  }

  @Test
  @Order(5)
  void taintsAndTolerations() {
    kubectl.run("taint", "node", "node-1", "dedicated=gpu:NoSchedule").ok();
    String pinned = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\nspec:\n  nodeSelector:\n"
        + "    kubernetes.io/hostname: node-1\n%s  containers:\n  - name: c\n    image: nginx\n";
    kubectl.runWithInput(String.format(pinned, "intolerant", ""), "apply", "-f", "-").ok();
    awaitFailedScheduling("intolerant", "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, "
        + "2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: "
        + "3 Preemption is not helpful for scheduling.");
    kubectl.runWithInput(String.format(pinned, "tolerant",
        "  tolerations:\n  - key: dedicated\n    operator: Equal\n    value: gpu\n    effect: NoSchedule\n"), "apply", "-f", "-").ok();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(nodeOf("tolerant")).isEqualTo("node-1"));
    kubectl.run("taint", "node", "node-1", "dedicated=gpu:NoSchedule-").ok();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(nodeOf("intolerant")).isEqualTo("node-1"));
  }

  @Test
  @Order(6)
  void aNodeThatStopsRenewingItsLeaseGoesNotReadyAndComesBack() {
    // A pod on node-3 that is Ready (as a kubelet would report), and one that tolerates unreachable for 1 s only.
    kubectl.runWithInput("apiVersion: v1\nkind: Pod\nmetadata:\n  name: on-3\nspec:\n  nodeName: node-3\n"
        + "  containers:\n  - name: c\n    image: nginx\n", "apply", "-f", "-").ok();
    kubectl.run("patch", "pod", "on-3", "--subresource=status", "--type=merge", "-p",
        "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}").ok();
    kubectl.runWithInput("apiVersion: v1\nkind: Pod\nmetadata:\n  name: short-lived\nspec:\n  nodeName: node-3\n"
        + "  tolerations:\n  - key: node.kubernetes.io/unreachable\n    operator: Exists\n    effect: NoExecute\n"
        + "    tolerationSeconds: 1\n  containers:\n  - name: c\n    image: nginx\n", "apply", "-f", "-").ok();
    assertThat(kubectl.run("get", "nodes").ok().out()).containsPattern("node-3\\s+Ready\\s+");

    heartbeating.remove("node-3");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(kubectl.run("get", "nodes").ok().out()).containsPattern("node-3\\s+NotReady\\s+"));
    assertThat(kubectl.run("get", "node", "node-3", "-o", "jsonpath={.spec.taints[*].key}:{.spec.taints[*].effect}").ok().out())
        .isEqualTo("node.kubernetes.io/unreachable node.kubernetes.io/unreachable:NoSchedule NoExecute");
    assertThat(kubectl.run("get", "node", "node-3", "-o",
        "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}|{.status.conditions[?(@.type==\"Ready\")].message}").ok().out())
        .isEqualTo("NodeStatusUnknown|Kubelet stopped posting node status.");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(kubectl.run("get", "pod", "on-3", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").ok().out())
            .isEqualTo("False"));
    // Evicted = deleted gracefully (it stays Terminating: no kubelet here finishes the deletion).
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(kubectl.run("get", "pod", "short-lived", "-o", "jsonpath={.metadata.deletionTimestamp}").ok().out()).isNotEmpty());
    assertThat(kubectl.run("get", "pod", "on-3", "-o", "jsonpath={.metadata.deletionTimestamp}").ok().out()).isEmpty(); // 300 s
    assertThat(kubectl.run("describe", "node", "node-3").ok().out())
        .containsPattern("Normal\\s+NodeNotReady\\s+\\S+\\s+node-controller\\s+Node node-3 status is now: NodeNotReady")
        .containsPattern("Normal\\s+RegisteredNode\\s+\\S+\\s+node-controller\\s+Registered Node node-3 in Controller");
    assertThat(kubectl.run("get", "events", "--field-selector", "reason=TaintManagerEviction", "-o",
        "jsonpath={.items[*].message}").ok().out()).contains("Marking for deletion Pod default/short-lived");

    // The kubelet comes back: renews and posts Ready again; the taints go.
    heartbeating.add("node-3");
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    kubectl.run("patch", "node", "node-3", "--subresource=status", "--type=strategic", "-p",
        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\","
            + "\"message\":\"kubelet is posting ready status\",\"lastHeartbeatTime\":\"" + now + "\","
            + "\"lastTransitionTime\":\"" + now + "\"}]}}").ok();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(kubectl.run("get", "nodes").ok().out()).containsPattern("node-3\\s+Ready\\s+");
      assertThat(kubectl.run("get", "node", "node-3", "-o", "jsonpath={.spec.taints}").ok().out()).isEmpty();
    });
  }
}
