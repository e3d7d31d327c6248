package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 3's user session, with the real kubectl over real TLS against an in-process server. */
class ServiceSessionE2ETest extends ClusterTestBase {


  @Test
  void applyGetReapplyDescribeExplain() {
    String manifest = TestCluster.seedManifest("clusterip-service.yaml").toString();
    assertThat(kubectl.run("apply", "-f", manifest).ok().out()).isEqualTo("service/clusterip-service created\n");

    String table = kubectl.run("get", "svc").ok().out();
    assertThat(table.lines().findFirst().orElseThrow())
        .matches("NAME\\s+TYPE\\s+CLUSTER-IP\\s+EXTERNAL-IP\\s+PORT\\(S\\)\\s+AGE");
    assertThat(table).containsPattern("clusterip-service\\s+ClusterIP\\s+10\\.\\d+\\.\\d+\\.\\d+\\s+<none>\\s+80/TCP\\s+\\d+s");

    assertThat(kubectl.run("apply", "-f", manifest).ok().out()).isEqualTo("service/clusterip-service unchanged\n");

    String describe = kubectl.run("describe", "svc", "clusterip-service").ok().out();
    assertThat(describe).containsPattern("Name:\\s+clusterip-service")
        .containsPattern("Namespace:\\s+default")
        .containsPattern("Selector:\\s+app=nginx-for-svc")
        .containsPattern("Type:\\s+ClusterIP")
        .containsPattern("Port:\\s+<unset>\\s+80/TCP")
        .containsPattern("TargetPort:\\s+80/TCP");

    String explain = kubectl.run("explain", "service.spec.ports").ok().out();
    assertThat(explain).contains("KIND:       Service").contains("VERSION:    v1")
        .containsPattern("FIELD:\\s+ports <\\[\\]ServicePort>")
        .containsPattern("port\\s+<integer> -required-");
  }

  @Test
  void editingOneFieldAndReapplyingChangesOnlyThatField() throws Exception {
    Path dir = Files.createTempDirectory(cluster.home(), "edit");
    Path file = dir.resolve("svc.yaml");
    String original = "apiVersion: v1\nkind: Service\nmetadata:\n  name: edit-me\n  labels:\n    team: a\nspec:\n"
        + "  selector:\n    app: web\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n"
        + "  - name: https\n    port: 443\n    targetPort: 8443\n";
    Files.writeString(file, original);
    kubectl.run("apply", "-f", file.toString()).ok();
    // Someone else adds a label: client-side apply must keep it (three-way merge).
    kubectl.run("label", "svc", "edit-me", "owner=ops").ok();
    Files.writeString(file, original.replace("targetPort: 8443", "targetPort: 9443"));
    assertThat(kubectl.run("apply", "-f", file.toString()).ok().out()).isEqualTo("service/edit-me configured\n");
    String json = kubectl.run("get", "svc", "edit-me", "-o",
        "jsonpath={.spec.ports[*].targetPort} {.metadata.labels.owner} {.metadata.labels.team}").ok().out();
    assertThat(json).isEqualTo("8080 9443 ops a");
  }

  @Test
  void deleteRemovesTheObject() {
    kubectl.runWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: doomed\ndata:\n  a: b\n",
        "apply", "-f", "-").ok();
    assertThat(kubectl.run("delete", "configmap", "doomed").ok().out()).isEqualTo("configmap \"doomed\" deleted\n");
    Kubectl.Result gone = kubectl.run("get", "configmap", "doomed");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).isEqualTo("Error from server (NotFound): configmaps \"doomed\" not found\n");
  }

  @Test
  void getWatchSeesChanges() throws Exception {
    kubectl.runWithInput(service("watched", 80), "apply", "-f", "-").ok();
    Process watch = kubectl.start("get", "svc", "watched", "-w");
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) lines.add(l);
      } catch (java.io.IOException ignored) {
        // process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      assertThat(lines.poll(20, TimeUnit.SECONDS)).matches("NAME\\s+TYPE\\s+CLUSTER-IP\\s+EXTERNAL-IP\\s+PORT\\(S\\)\\s+AGE");
      assertThat(lines.poll(20, TimeUnit.SECONDS)).containsPattern("watched\\s+ClusterIP\\s+.*80/TCP");
      kubectl.runWithInput(service("watched", 8080), "apply", "-f", "-").ok();
      assertThat(lines.poll(20, TimeUnit.SECONDS)).containsPattern("watched\\s+ClusterIP\\s+.*8080/TCP");
    } finally {
      watch.destroy();
      watch.waitFor(5, TimeUnit.SECONDS);
    }
  }

  static String service(String name, int port) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\nspec:\n  selector:\n    app: " + name
        + "\n  ports:\n  - port: " + port + "\n";
  }
}
