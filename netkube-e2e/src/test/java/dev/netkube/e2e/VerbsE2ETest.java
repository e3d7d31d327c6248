package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** kubectl's verbs beyond apply: patch types, server-side apply, kustomize, scale, dry-run, selectors, namespaces. */
class VerbsE2ETest extends ClusterTestBase {

  static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        labels:
          app: web
      spec:
        replicas: 1
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: nginx
              image: nginx
              ports:
              - containerPort: 80
      """;


  @Test
  void patchTypes() {
    kubectl.runWithInput(ServiceSessionE2ETest.service("patched", 80), "apply", "-f", "-").ok();
    assertThat(kubectl.run("patch", "svc", "patched", "--type", "merge", "-p", "{\"metadata\":{\"labels\":{\"a\":\"1\"}}}")
        .ok().out()).isEqualTo("service/patched patched\n");
    kubectl.run("patch", "svc", "patched", "--type", "json",
        "-p", "[{\"op\":\"replace\",\"path\":\"/spec/ports/0/port\",\"value\":81}]").ok();
    // Strategic merge: the ports list merges on its key, port.
    kubectl.run("patch", "svc", "patched", "-p", "{\"spec\":{\"ports\":[{\"port\":81,\"targetPort\":9000}]}}").ok();
    assertThat(kubectl.run("get", "svc", "patched", "-o",
        "jsonpath={.metadata.labels.a} {.spec.ports[*].port} {.spec.ports[*].targetPort}").ok().out())
        .isEqualTo("1 81 9000");
    Kubectl.Result failed = kubectl.run("patch", "svc", "patched", "--type", "json",
        "-p", "[{\"op\":\"test\",\"path\":\"/spec/type\",\"value\":\"NodePort\"}]");
    assertThat(failed.exitCode()).isEqualTo(1);
  }

  @Test
  void serverSideApplyAndConflicts() {
    String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  key: one\n";
    assertThat(kubectl.runWithInput(cm, "apply", "--server-side", "-f", "-").ok().out())
        .isEqualTo("configmap/ssa serverside-applied\n");
    Kubectl.Result conflict = kubectl.runWithInput(cm.replace("one", "two"), "apply", "--server-side",
        "--field-manager", "other", "-f", "-");
    assertThat(conflict.exitCode()).isEqualTo(1);
    assertThat(conflict.err()).contains("Apply failed with 1 conflict: conflict with \"kubectl\"").contains(".data.key");
    kubectl.runWithInput(cm.replace("one", "two"), "apply", "--server-side", "--field-manager", "other",
        "--force-conflicts", "-f", "-").ok();
    assertThat(kubectl.run("get", "cm", "ssa", "-o", "jsonpath={.data.key}").ok().out()).isEqualTo("two");
  }

  @Test
  void kustomization() throws Exception {
    Path dir = Files.createTempDirectory(cluster.home(), "kustomize");
    Files.writeString(dir.resolve("kustomization.yaml"),
        "namespace: kz\nnamePrefix: demo-\ncommonLabels:\n  tier: web\nresources:\n- ns.yaml\n- svc.yaml\n");
    Files.writeString(dir.resolve("ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kz\n");
    Files.writeString(dir.resolve("svc.yaml"), ServiceSessionE2ETest.service("api", 80));
    String out = kubectl.run("apply", "-k", dir.toString()).ok().out();
    assertThat(out).contains("namespace/kz created").contains("service/demo-api created");
    assertThat(kubectl.run("get", "svc", "-n", "kz", "-l", "tier=web", "-o", "name").ok().out())
        .isEqualTo("service/demo-api\n");
  }

  @Test
  void scaleAndGetAllAndShortNames() {
    kubectl.runWithInput(DEPLOYMENT, "apply", "-f", "-").ok();
    assertThat(kubectl.run("scale", "deploy", "web", "--replicas=3").ok().out()).isEqualTo("deployment.apps/web scaled\n");
    assertThat(kubectl.run("get", "deployment", "web", "-o", "jsonpath={.spec.replicas} {.metadata.generation}").ok().out())
        .isEqualTo("3 2");
    String all = kubectl.run("get", "all").ok().out();
    assertThat(all).contains("deployment.apps/web");
    String wide = kubectl.run("get", "deploy", "-o", "wide").ok().out();
    assertThat(wide.lines().findFirst().orElseThrow())
        .matches("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE\\s+CONTAINERS\\s+IMAGES\\s+SELECTOR");
  }

  @Test
  void serverDryRunStoresNothing() {
    String out = kubectl.runWithInput(ServiceSessionE2ETest.service("dry", 80), "apply", "--dry-run=server", "-f", "-")
        .ok().out();
    assertThat(out).isEqualTo("service/dry created (server dry run)\n");
    assertThat(kubectl.run("get", "svc", "dry").err()).contains("services \"dry\" not found");
  }

  @Test
  void generateNameAndSelectors() {
    String pod = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: gen-\n  labels:\n    batch: x\n";
    String out = kubectl.runWithInput(pod, "create", "-f", "-").ok().out();
    assertThat(out).matches("configmap/gen-[a-z0-9]{5} created\n");
    kubectl.runWithInput(pod, "create", "-f", "-").ok();
    assertThat(kubectl.run("get", "cm", "-l", "batch=x", "-o", "name").ok().out().lines().count()).isEqualTo(2);
    assertThat(kubectl.run("get", "cm", "--field-selector", "metadata.name=nope", "-o", "name").ok().out()).isEmpty();
    Kubectl.Result bad = kubectl.run("get", "svc", "--field-selector", "spec.nope=1");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("field label not supported: spec.nope");
    assertThat(kubectl.run("get", "cm", "--field-selector", "data.x=1").err())
        .contains("\"data.x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
  }

  @Test
  void namespaceDeletionRemovesItsContent() {
    kubectl.run("create", "namespace", "temp").ok();
    kubectl.runWithInput(ServiceSessionE2ETest.service("inside", 80), "apply", "-n", "temp", "-f", "-").ok();
    assertThat(kubectl.run("delete", "namespace", "temp").ok().out()).isEqualTo("namespace \"temp\" deleted\n");
    Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(kubectl.run("get", "namespace", "temp").err()).contains("namespaces \"temp\" not found"));
    assertThat(kubectl.run("get", "ns", "-o", "name").ok().out())
        .contains("namespace/default", "namespace/kube-system", "namespace/kube-public", "namespace/kube-node-lease");
    assertThat(kubectl.run("delete", "namespace", "default").err())
        .contains("namespaces \"default\" is forbidden: this namespace may not be deleted");
  }

  @Test
  void whoamiAndCanI() {
    assertThat(kubectl.run("auth", "whoami").ok().out())
        .containsPattern("Username\\s+kubernetes-admin")
        .containsPattern("Groups\\s+\\[system:masters system:authenticated\\]");
    assertThat(kubectl.run("auth", "can-i", "create", "pods").ok().out()).isEqualTo("yes\n");
  }
}
