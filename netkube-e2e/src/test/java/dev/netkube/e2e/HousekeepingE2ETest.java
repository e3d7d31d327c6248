package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;

/**
 * Cluster housekeeping with the real kubectl: namespace deletion with everything in it, the
 * kube-root-ca.crt ConfigMap per namespace, and service-account tokens (kubectl create token).
 */
class HousekeepingE2ETest extends ClusterTestBase {
  static final String CRD = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: gadgets.housekeeping.example.com
      spec:
        group: housekeeping.example.com
        scope: Namespaced
        names: {plural: gadgets, singular: gadget, kind: Gadget}
        versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              x-kubernetes-preserve-unknown-fields: true
      """;

  @Override
  protected void afterStart() throws Exception {
    cluster.controlPlane().controllers().get(60, TimeUnit.SECONDS).ready().get(60, TimeUnit.SECONDS);
    kubectl.runWithInput(CRD, "apply", "-f", "-").ok();
    await().until(() -> kubectl.run("get", "gadgets", "-A").exitCode() == 0);
  }

  private static ConditionFactory await() {
    return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200));
  }

  @Test
  void deletingANamespaceRemovesEverythingInItThenTheNamespace() {
    String ns = "doomed";
    kubectl.run("create", "namespace", ns).ok();
    StringBuilder list = new StringBuilder("apiVersion: v1\nkind: List\nitems:\n");
    for (int i = 0; i < 20; i++) {
      list.append("- {apiVersion: v1, kind: ConfigMap, metadata: {name: cm-").append(i).append("}, data: {k: v}}\n");
      list.append("- {apiVersion: v1, kind: Secret, metadata: {name: secret-").append(i).append("}, stringData: {k: v}}\n");
      list.append("- {apiVersion: housekeeping.example.com/v1, kind: Gadget, metadata: {name: gadget-").append(i)
          .append("}, spec: {size: ").append(i).append("}}\n");
      list.append("- {apiVersion: v1, kind: Pod, metadata: {name: pod-").append(i)
          .append("}, spec: {containers: [{name: c, image: nginx}]}}\n");
    }
    for (int i = 0; i < 10; i++) {
      list.append("- {apiVersion: v1, kind: Service, metadata: {name: svc-").append(i)
          .append("}, spec: {selector: {app: x}, ports: [{port: 80}]}}\n");
      list.append("- {apiVersion: apps/v1, kind: Deployment, metadata: {name: deploy-").append(i)
          .append("}, spec: {replicas: 0, selector: {matchLabels: {app: d").append(i)
          .append("}}, template: {metadata: {labels: {app: d").append(i)
          .append("}}, spec: {containers: [{name: c, image: nginx}]}}}}\n");
    }
    list.append("- {apiVersion: v1, kind: ConfigMap, metadata: {name: held, finalizers: [example.com/hold]}}\n");
    kubectl.runWithInput(list.toString(), "apply", "-n", ns, "-f", "-").ok();
    await().until(() -> kubectl.run("get", "configmap", "kube-root-ca.crt", "-n", ns).exitCode() == 0);

    kubectl.run("delete", "namespace", ns, "--wait=false").ok();

    await().until(() -> kubectl.run("get", "configmaps,secrets,gadgets,pods,services,deployments", "-n", ns, "-o", "name")
        .ok().out().trim().equals("configmap/held"));
    assertThat(kubectl.run("get", "namespace", ns).ok().out()).contains("Terminating");
    await().until(() -> kubectl.run("get", "namespace", ns, "-o",
        "jsonpath={.status.conditions[?(@.type==\"NamespaceFinalizersRemaining\")].message}").ok().out()
        .equals("Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances"));
    assertThat(kubectl.run("describe", "namespace", ns).ok().out())
        .contains("Some resources are remaining: configmaps. has 1 resource instances");
    assertThat(kubectl.run("create", "configmap", "late", "-n", ns).err())
        .contains("because it is being terminated");

    kubectl.run("patch", "configmap", "held", "-n", ns, "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}").ok();
    await().until(() -> kubectl.run("get", "namespace", ns).err().contains("NotFound"));
  }

  @Test
  void everyNamespaceGetsTheClusterCaAndKeepsIt() throws Exception {
    String ca = Files.readString(cluster.home().resolve("pki/ca.crt"));
    kubectl.run("create", "namespace", "team-ca").ok();
    await().until(() -> kubectl.run("get", "configmap", "kube-root-ca.crt", "-n", "team-ca").exitCode() == 0);
    String published = kubectl.run("get", "configmap", "kube-root-ca.crt", "-n", "team-ca",
        "-o", "jsonpath={.data.ca\\.crt}").ok().out();
    assertThat(published.trim()).isEqualTo(ca.trim());
    assertThat(kubectl.run("get", "configmap", "kube-root-ca.crt", "-n", "kube-system").exitCode()).isZero();

    kubectl.run("patch", "configmap", "kube-root-ca.crt", "-n", "team-ca", "--type=merge",
        "-p", "{\"data\":{\"ca.crt\":\"tampered\"}}").ok();
    await().until(() -> kubectl.run("get", "configmap", "kube-root-ca.crt", "-n", "team-ca",
        "-o", "jsonpath={.data.ca\\.crt}").ok().out().trim().equals(ca.trim()));
    kubectl.run("delete", "configmap", "kube-root-ca.crt", "-n", "team-ca").ok();
    await().until(() -> kubectl.run("get", "configmap", "kube-root-ca.crt", "-n", "team-ca").exitCode() == 0);
  }

  @Test
  void kubectlCreateTokenGivesATokenThatAuthenticatesAsTheServiceAccountUntilItIsDeleted() throws Exception {
    kubectl.run("create", "namespace", "tokens").ok();
    kubectl.run("create", "serviceaccount", "robot", "-n", "tokens").ok();
    String token = kubectl.run("create", "token", "robot", "-n", "tokens").ok().out().trim();
    assertThat(token.split("\\.")).hasSize(3);

    Kubectl asRobot = withToken(token);
    assertThat(asRobot.run("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}").ok().out())
        .isEqualTo("system:serviceaccount:tokens:robot");
    assertThat(asRobot.run("get", "namespace", "tokens").ok().out()).contains("tokens");

    assertThat(kubectl.run("create", "token", "robot", "-n", "tokens", "--duration=5m").err())
        .contains("may not specify a duration less than 10 minutes");
    assertThat(kubectl.run("create", "token", "nobody", "-n", "tokens").err())
        .contains("serviceaccounts \"nobody\" not found");

    kubectl.run("delete", "serviceaccount", "robot", "-n", "tokens").ok();
    Kubectl.Result refused = asRobot.run("get", "namespace", "tokens");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("Unauthorized");
  }

  /** kubectl with only the server, its CA and a bearer token (no client certificate to fall back on). */
  private Kubectl withToken(String token) throws Exception {
    String ca = Base64.getEncoder().encodeToString(
        Files.readString(cluster.home().resolve("pki/ca.crt")).getBytes(StandardCharsets.UTF_8));
    Path config = cluster.home().resolve("token-kubeconfig");
    Files.writeString(config, "apiVersion: v1\nkind: Config\nclusters:\n- name: netkube\n  cluster:\n"
        + "    server: https://127.0.0.1:" + cluster.port() + "\n    certificate-authority-data: " + ca + "\n"
        + "users:\n- name: robot\n  user:\n    token: " + token + "\n"
        + "contexts:\n- name: robot\n  context: {cluster: netkube, user: robot}\ncurrent-context: robot\n");
    return new Kubectl(config, Files.createDirectories(cluster.home().resolve("token-kubectl-home")));
  }
}
