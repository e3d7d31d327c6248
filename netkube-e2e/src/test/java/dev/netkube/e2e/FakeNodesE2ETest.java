package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Controllers that stand around every other one: node IPAM gives nodes their pod CIDRs, the
 * serviceaccount controller a "default" account per namespace, and the KWOK-style fake-node
 * controller plays the kubelet for nodes annotated kwok.x-k8s.io/node=fake (real agents come
 * with the node agent; these tests say so by using the annotation).
 */
class FakeNodesE2ETest extends ClusterTestBase {
  private static final String FAKE_NODE = """
      apiVersion: v1
      kind: Node
      metadata:
        name: %s
        annotations: {kwok.x-k8s.io/node: fake}
        labels: {kubernetes.io/hostname: %s}
      status:
        addresses: [{type: InternalIP, address: %s}]
      """;

  @Test
  void aFakeNodeGetsAPodCidrALeaseAndTurnsReady() {
    kubectl.runWithInput(FAKE_NODE.formatted("fake-1", "fake-1", "192.168.10.2"), "apply", "-f", "-").ok();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(kubectl.run("get", "node", "fake-1", "-o", "jsonpath={.spec.podCIDR}").ok().out()).matches("10\\.244\\.\\d+\\.0/24");
      assertThat(kubectl.run("get", "nodes").ok().out()).containsPattern("fake-1\\s+Ready");
      assertThat(kubectl.run("get", "lease", "fake-1", "-n", "kube-node-lease", "-o", "jsonpath={.spec.holderIdentity}").ok().out())
          .isEqualTo("fake-1");
    });
  }

  @Test
  void aPodBoundToAFakeNodeRunsWithAnIpOfItsCidrAndGracefulDeleteFinishes() {
    kubectl.runWithInput(FAKE_NODE.formatted("fake-2", "fake-2", "192.168.10.3"), "apply", "-f", "-").ok();
    await().atMost(Duration.ofSeconds(30)).until(() -> !kubectl.run("get", "node", "fake-2", "-o", "jsonpath={.spec.podCIDR}").ok().out().isEmpty());
    String cidr = kubectl.run("get", "node", "fake-2", "-o", "jsonpath={.spec.podCIDR}").ok().out();
    String prefix = cidr.substring(0, cidr.lastIndexOf('.') + 1);
    kubectl.runWithInput("""
        apiVersion: v1
        kind: Pod
        metadata: {name: pinned, labels: {app: pinned}}
        spec:
          nodeName: fake-2
          containers: [{name: web, image: nginx}]
        """, "apply", "-f", "-").ok();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(kubectl.run("get", "pod", "pinned", "-o", "wide").ok().out())
            .containsPattern("pinned\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+" + prefix.replace(".", "\\.") + "\\d+\\s+fake-2"));
    kubectl.run("delete", "pod", "pinned", "--wait=true", "--timeout=30s").ok();
    assertThat(kubectl.run("get", "pods", "pinned", "--ignore-not-found").ok().out()).isEmpty();
  }

  @Test
  void aDeploymentExposedAndScaledOnFakeNodesHasItsEndpoints() {
    // The whole control plane, as a user drives it: the scheduler places the pods on the fake
    // nodes, the fake kubelet runs them, the service registry and the endpoint controllers do the rest.
    kubectl.run("create", "namespace", "story").ok();
    for (int i = 1; i <= 2; i++) {
      kubectl.runWithInput(FAKE_NODE.formatted("story-" + i, "story-" + i, "192.168.10.1" + i), "apply", "-f", "-").ok();
    }
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(kubectl.run("get", "nodes", "story-1", "story-2").ok().out().split("\\s+Ready\\s+", -1)).hasSize(3));
    assertThat(kubectl.run("create", "deployment", "web", "-n", "story", "--image=nginx", "--replicas=3", "--port=80").ok().out())
        .isEqualTo("deployment.apps/web created\n");
    assertThat(kubectl.run("expose", "deployment", "web", "-n", "story", "--port=8080", "--target-port=80").ok().out())
        .isEqualTo("service/web exposed\n");
    assertThat(kubectl.run(null, 90, "rollout", "status", "deployment/web", "-n", "story", "--timeout=80s").ok().out())
        .endsWith("deployment \"web\" successfully rolled out\n");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("get", "endpoints", "web", "-n", "story")
        .ok().out()).containsPattern("web\\s+10\\.244\\.\\d+\\.\\d+:80,10\\.244\\.\\d+\\.\\d+:80,10\\.244\\.\\d+\\.\\d+:80\\s"));
    assertThat(kubectl.run("get", "pods", "-n", "story", "-o", "jsonpath={range .items[*]}{.spec.nodeName} {end}").ok().out())
        .matches("(story-[12] ){3}");
    assertThat(kubectl.run("get", "svc", "web", "-n", "story").ok().out())
        .containsPattern("web\\s+ClusterIP\\s+10\\.\\d+\\.\\d+\\.\\d+\\s+<none>\\s+8080/TCP");

    kubectl.run("scale", "deployment", "web", "-n", "story", "--replicas=1").ok();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("get", "endpointslice", "-n", "story",
        "-l", "kubernetes.io/service-name=web", "-o", "jsonpath={range .items[*].endpoints[*]}{.conditions.ready};{end}")
        .ok().out()).isEqualTo("true;"));
    assertThat(kubectl.run("get", "deployment", "web", "-n", "story").ok().out()).containsPattern("web\\s+1/1\\s+1\\s+1");
  }

  @Test
  void everyNamespaceGetsADefaultServiceAccount() {
    kubectl.run("create", "namespace", "team-a").ok();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(kubectl.run("get", "serviceaccounts", "-n", "team-a").ok().out()).contains("default"));
    kubectl.run("delete", "serviceaccount", "default", "-n", "team-a").ok();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(kubectl.run("get", "serviceaccount", "default", "-n", "team-a", "-o", "name").ok().out().strip()).isEqualTo("serviceaccount/default"));
  }
}
