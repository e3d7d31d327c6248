package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;

/** The garbage collector driven by the real kubectl: background, orphan and foreground cascades. */
class GarbageCollectionE2ETest extends ClusterTestBase {
  static final String CRD = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: widgets.gc.example.com
      spec:
        group: gc.example.com
        scope: Namespaced
        names: {plural: widgets, singular: widget, kind: Widget}
        versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              x-kubernetes-preserve-unknown-fields: true
      """;

  record Owner(String apiVersion, String kind, String name, String uid, boolean block) {}

  @Override
  protected void afterStart() throws Exception {
    cluster.controlPlane().controllers().get(60, TimeUnit.SECONDS).ready().get(60, TimeUnit.SECONDS);
    kubectl.runWithInput(CRD, "apply", "-f", "-").ok();
    await().until(() -> kubectl.run("get", "widgets", "-A").exitCode() == 0);
  }

  private static ConditionFactory await() {
    return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100));
  }

  private Owner owner(String ns, String resource, String name, boolean block) {
    String[] f = kubectl.run("get", resource, name, "-n", ns, "-o", "jsonpath={.apiVersion} {.kind} {.metadata.uid}")
        .ok().out().trim().split(" ");
    return new Owner(f[0], f[1], name, f[2], block);
  }

  private void create(String ns, String apiVersion, String kind, String name, List<String> finalizers, Owner... owners) {
    StringBuilder y = new StringBuilder("apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata:\n  name: " + name
        + "\n  namespace: " + ns + "\n");
    if (owners.length > 0) y.append("  ownerReferences:\n");
    for (Owner o : owners) {
      y.append("  - {apiVersion: ").append(o.apiVersion()).append(", kind: ").append(o.kind()).append(", name: ")
          .append(o.name()).append(", uid: ").append(o.uid()).append(", blockOwnerDeletion: ").append(o.block()).append("}\n");
    }
    if (!finalizers.isEmpty()) y.append("  finalizers: [").append(String.join(", ", finalizers)).append("]\n");
    switch (kind) {
      case "Deployment", "ReplicaSet" -> y.append("""
          spec:
            replicas: 0
            selector: {matchLabels: {app: web}}
            template:
              metadata: {labels: {app: web}}
              spec: {containers: [{name: web, image: nginx}]}
          """);
      case "Pod" -> y.append("  labels: {app: web}\nspec: {containers: [{name: web, image: nginx}]}\n");
      default -> { }
    }
    kubectl.runWithInput(y.toString(), "create", "-f", "-").ok();
  }

  private void configMap(String ns, String name, Owner... owners) { create(ns, "v1", "ConfigMap", name, List.of(), owners); }

  private boolean exists(String ns, String resource, String name) {
    Kubectl.Result r = kubectl.run("get", resource, name, "-n", ns, "-o", "name");
    if (r.exitCode() != 0 && !r.err().contains("NotFound")) throw new AssertionError(r.err());
    return r.exitCode() == 0;
  }

  private String jsonpath(String ns, String resource, String name, String path) {
    return kubectl.run("get", resource, name, "-n", ns, "-o", "jsonpath=" + path).ok().out().trim();
  }

  @Test
  void kubectlDeleteDeploymentRemovesItsReplicaSetAndPods() {
    String ns = "gc-deploy";
    kubectl.run("create", "namespace", ns).ok();
    create(ns, "apps/v1", "Deployment", "web", List.of());
    create(ns, "apps/v1", "ReplicaSet", "web-5d4f", List.of(), owner(ns, "deployment", "web", true));
    Owner rs = owner(ns, "replicaset", "web-5d4f", true);
    create(ns, "v1", "Pod", "web-5d4f-a", List.of(), rs);
    create(ns, "v1", "Pod", "web-5d4f-b", List.of(), rs);

    kubectl.run("delete", "deployment", "web", "-n", ns).ok();

    await().until(() -> !exists(ns, "replicaset", "web-5d4f"));
    await().until(() -> !exists(ns, "pod", "web-5d4f-a") && !exists(ns, "pod", "web-5d4f-b"));
  }

  @Test
  void backgroundDeletionReachesGrandchildrenAndCustomResources() {
    String ns = "gc-background";
    kubectl.run("create", "namespace", ns).ok();
    configMap(ns, "root");
    Owner root = owner(ns, "configmap", "root", false);
    configMap(ns, "child", root);
    configMap(ns, "grandchild", owner(ns, "configmap", "child", false));
    create(ns, "gc.example.com/v1", "Widget", "widget", List.of(), root);
    configMap(ns, "owned-by-widget", owner(ns, "widget", "widget", false));
    configMap(ns, "bystander");

    kubectl.run("delete", "configmap", "root", "-n", ns).ok();

    await().until(() -> !exists(ns, "configmap", "child") && !exists(ns, "configmap", "grandchild"));
    await().until(() -> !exists(ns, "widget", "widget") && !exists(ns, "configmap", "owned-by-widget"));
    assertThat(exists(ns, "configmap", "bystander")).isTrue();
  }

  @Test
  void aDependentWithAnotherLivingOwnerOnlyLosesTheReference() {
    String ns = "gc-two-owners";
    kubectl.run("create", "namespace", ns).ok();
    configMap(ns, "a");
    configMap(ns, "b");
    Owner b = owner(ns, "configmap", "b", false);
    configMap(ns, "shared", owner(ns, "configmap", "a", false), b);

    kubectl.run("delete", "configmap", "a", "-n", ns).ok();

    await().until(() -> jsonpath(ns, "configmap", "shared", "{.metadata.ownerReferences[*].name}").equals("b"));
    assertThat(exists(ns, "configmap", "shared")).isTrue();
  }

  @Test
  void cascadeOrphanKeepsDependentsWithoutTheReference() {
    String ns = "gc-orphan";
    kubectl.run("create", "namespace", ns).ok();
    configMap(ns, "parent");
    Owner parent = owner(ns, "configmap", "parent", true);
    configMap(ns, "kid-1", parent);
    configMap(ns, "kid-2", parent);

    kubectl.run("delete", "configmap", "parent", "-n", ns, "--cascade=orphan").ok();

    await().until(() -> !exists(ns, "configmap", "parent"));
    for (String kid : List.of("kid-1", "kid-2")) {
      assertThat(exists(ns, "configmap", kid)).isTrue();
      assertThat(jsonpath(ns, "configmap", kid, "{.metadata.ownerReferences}")).isEmpty();
    }
  }

  @Test
  void cascadeForegroundKeepsTheOwnerUntilItsDependentsAreGone() {
    String ns = "gc-foreground";
    kubectl.run("create", "namespace", ns).ok();
    configMap(ns, "parent");
    configMap(ns, "child", owner(ns, "configmap", "parent", true));
    create(ns, "v1", "ConfigMap", "grandchild", List.of("example.com/hold"), owner(ns, "configmap", "child", true));

    kubectl.run("delete", "configmap", "parent", "-n", ns, "--cascade=foreground", "--wait=false").ok();

    await().until(() -> !jsonpath(ns, "configmap", "grandchild", "{.metadata.deletionTimestamp}").isEmpty());
    assertThat(jsonpath(ns, "configmap", "parent", "{.metadata.finalizers}")).contains("foregroundDeletion");
    assertThat(jsonpath(ns, "configmap", "child", "{.metadata.finalizers}")).contains("foregroundDeletion");

    kubectl.run("patch", "configmap", "grandchild", "-n", ns, "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}").ok();

    await().until(() -> !exists(ns, "configmap", "parent"));
    assertThat(exists(ns, "configmap", "child")).isFalse();
    assertThat(exists(ns, "configmap", "grandchild")).isFalse();
  }

  @Test
  void foregroundDeletionWaitsForRunningPodsOnAFakeNodeToTerminate() {
    String ns = "gc-running";
    kubectl.run("create", "namespace", ns).ok();
    kubectl.runWithInput("""
        apiVersion: v1
        kind: Node
        metadata:
          name: gc-node
          annotations: {kwok.x-k8s.io/node: fake}
        status:
          addresses: [{type: InternalIP, address: 192.168.10.9}]
        """, "apply", "-f", "-").ok();
    // Two pods made by hand as its replica set would make them (a replica set controller, when
    // there is one, finds its two replicas and leaves them be).
    kubectl.runWithInput("""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: web-rs}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: nginx}]}
        """, "create", "-n", ns, "-f", "-").ok();
    Owner rs = owner(ns, "replicaset", "web-rs", true);
    for (String pod : List.of("web-rs-a", "web-rs-b")) {
      kubectl.runWithInput("apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + pod + "\n  namespace: " + ns
          + "\n  labels: {app: web}\n  ownerReferences:\n  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-rs, uid: " + rs.uid()
          + ", blockOwnerDeletion: true, controller: true}\nspec: {nodeName: gc-node, containers: [{name: web, image: nginx}]}\n",
          "create", "-f", "-").ok();
    }
    await().until(() -> kubectl.run("get", "pods", "-n", ns, "-o", "jsonpath={.items[*].status.phase}").ok().out()
        .equals("Running Running"));

    kubectl.run("delete", "replicaset", "web-rs", "-n", ns, "--cascade=foreground").ok(); // waits until it is gone

    assertThat(exists(ns, "replicaset", "web-rs")).isFalse();
    assertThat(exists(ns, "pod", "web-rs-a") || exists(ns, "pod", "web-rs-b")).isFalse();
    kubectl.run("delete", "node", "gc-node").ok();
  }
}
