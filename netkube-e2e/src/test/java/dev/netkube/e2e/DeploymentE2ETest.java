package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** deployment-controller with the real kubectl: create, scale, rollout status / set image / undo / restart, describe. */
class DeploymentE2ETest extends ClusterTestBase {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private String rsOf(String deployment, String revision) {
    String out = kubectl.run("get", "rs", "-l", "app=" + deployment, "-o",
        "jsonpath={range .items[*]}{.metadata.name} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}{\"\\n\"}{end}").ok().out();
    for (String line : out.split("\n")) {
      String[] p = line.trim().split(" ");
      if (p.length == 2 && p[1].equals(revision)) return p[0];
    }
    return "";
  }

  @Test
  void createScaleRollOutUndoRestart() throws Exception {
    assertThat(kubectl.run("create", "deployment", "web", "--image=nginx", "--replicas=3").ok().out())
        .isEqualTo("deployment.apps/web created\n");
    try (AutoCloseable kubelet = Workloads.kubelet(kubectl, "app=web")) {
      Kubectl.Result status = kubectl.run(null, 90, "rollout", "status", "deployment/web", "--timeout=80s");
      assertThat(status.exitCode()).as(status.err()).isZero();
      assertThat(status.out()).endsWith("deployment \"web\" successfully rolled out\n");
      String rs1 = rsOf("web", "1");
      assertThat(rs1).matches("web-[bcdfghjklmnpqrstvwxz2456789]{1,10}");
      String hash = rs1.substring("web-".length());
      assertThat(kubectl.run("get", "rs", rs1, "-o", "jsonpath={.spec.selector.matchLabels.pod-template-hash} "
          + "{.spec.template.metadata.labels.pod-template-hash} {.metadata.annotations.deployment\\.kubernetes\\.io/desired-replicas} "
          + "{.metadata.annotations.deployment\\.kubernetes\\.io/max-replicas} {.metadata.ownerReferences[0].kind}").ok().out())
          .isEqualTo(hash + " " + hash + " 3 4 Deployment");
      assertThat(Workloads.livePods(kubectl, "app=web")).hasSize(3).allMatch(p -> p.startsWith(rs1 + "-"));
      assertThat(kubectl.run("get", "deployment", "web", "-o", "jsonpath={.status.replicas} {.status.updatedReplicas} "
          + "{.status.readyReplicas} {.status.availableReplicas} {.status.observedGeneration} "
          + "{.metadata.annotations.deployment\\.kubernetes\\.io/revision}").ok().out()).isEqualTo("3 3 3 3 1 1");
      assertThat(kubectl.run("get", "deployment", "web").ok().out()).containsPattern("web\\s+3/3\\s+3\\s+3");

      // kubectl scale: the scale subresource.
      kubectl.run("scale", "deployment", "web", "--replicas=5").ok();
      await().atMost(WAIT).until(() -> Workloads.livePods(kubectl, "app=web").size() == 5);
      assertThat(kubectl.run(null, 90, "rollout", "status", "deployment/web", "--timeout=80s").ok().out())
          .contains("successfully rolled out");

      // A new template: a new ReplicaSet, rolled out within maxSurge/maxUnavailable.
      kubectl.run("set", "image", "deployment/web", "nginx=nginx:1.27").ok();
      assertThat(kubectl.run(null, 120, "rollout", "status", "deployment/web", "--timeout=110s").ok().out())
          .contains("deployment \"web\" successfully rolled out");
      String rs2 = rsOf("web", "2");
      assertThat(rs2).isNotEmpty().isNotEqualTo(rs1);
      await().atMost(WAIT).untilAsserted(() -> assertThat(kubectl.run("get", "rs", rs1, "-o", "jsonpath={.spec.replicas}").ok().out()).isEqualTo("0"));
      await().atMost(WAIT).until(() -> Workloads.livePods(kubectl, "app=web").stream().allMatch(p -> p.startsWith(rs2 + "-")));
      String describe = kubectl.run("describe", "deployment", "web").ok().out();
      assertThat(describe)
          .contains("ScalingReplicaSet")
          .contains("Scaled up replica set " + rs1 + " from 0 to 3")
          .contains("Scaled up replica set " + rs1 + " from 3 to 5")
          .contains("Scaled up replica set " + rs2 + " from 0 to ")
          .contains("Scaled down replica set " + rs1 + " from ")
          .containsPattern("Available\\s+True\\s+MinimumReplicasAvailable")
          .containsPattern("Progressing\\s+True\\s+NewReplicaSetAvailable")
          .containsPattern("OldReplicaSets:\\s+" + rs1 + " \\(0/0 replicas created\\)")
          .containsPattern("NewReplicaSet:\\s+" + rs2 + " \\(5/5 replicas created\\)");

      // rollout undo (kubectl copies the old set's template): the first set comes back as revision 3.
      kubectl.run("rollout", "undo", "deployment/web").ok();
      assertThat(kubectl.run(null, 120, "rollout", "status", "deployment/web", "--timeout=110s").ok().out())
          .contains("successfully rolled out");
      assertThat(rsOf("web", "3")).isEqualTo(rs1);
      assertThat(kubectl.run("get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image} "
          + "{.metadata.annotations.deployment\\.kubernetes\\.io/revision}").ok().out()).isEqualTo("nginx 3");
      assertThat(kubectl.run("rollout", "history", "deployment/web").ok().out()).containsPattern("2\\s").containsPattern("3\\s");

      // rollout restart: a template annotation, so a new set.
      kubectl.run("rollout", "restart", "deployment/web").ok();
      assertThat(kubectl.run(null, 120, "rollout", "status", "deployment/web", "--timeout=110s").ok().out())
          .contains("successfully rolled out");
      String rs4 = rsOf("web", "4");
      assertThat(rs4).isNotEmpty().isNotIn(rs1, rs2);
      assertThat(kubectl.run("get", "rs", rs4, "-o", "jsonpath={.spec.template.metadata.annotations}").ok().out())
          .contains("kubectl.kubernetes.io/restartedAt");
    }
  }

  @Test
  void recreateStopsOldPodsBeforeStartingNewOnes() throws Exception {
    String yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: batch\nspec:\n  replicas: 2\n  strategy:\n    type: Recreate\n"
        + "  selector:\n    matchLabels:\n      app: batch\n  template:\n    metadata:\n      labels:\n        app: batch\n"
        + "    spec:\n      containers:\n      - name: c\n        image: nginx\n";
    kubectl.runWithInput(yaml, "apply", "-f", "-").ok();
    try (AutoCloseable kubelet = Workloads.kubelet(kubectl, "app=batch")) {
      assertThat(kubectl.run(null, 90, "rollout", "status", "deployment/batch", "--timeout=80s").ok().out()).contains("successfully rolled out");
      kubectl.run("set", "image", "deployment/batch", "c=nginx:1.27").ok();
      assertThat(kubectl.run(null, 90, "rollout", "status", "deployment/batch", "--timeout=80s").ok().out()).contains("successfully rolled out");
      assertThat(kubectl.run("describe", "deployment", "batch").ok().out())
          .containsPattern("StrategyType:\\s+Recreate").contains("Scaled down replica set batch-").contains(" from 2 to 0");
    }
  }

  @Test
  void pausedDeploymentDoesNotRollOut() throws Exception {
    kubectl.run("create", "deployment", "still", "--image=nginx", "--replicas=1").ok();
    try (AutoCloseable kubelet = Workloads.kubelet(kubectl, "app=still")) {
      assertThat(kubectl.run(null, 90, "rollout", "status", "deployment/still", "--timeout=80s").ok().out()).contains("successfully rolled out");
      kubectl.run("rollout", "pause", "deployment/still").ok();
      kubectl.run("set", "image", "deployment/still", "nginx=nginx:1.27").ok();
      await().atMost(WAIT).untilAsserted(() -> assertThat(kubectl.run("get", "deployment", "still", "-o",
          "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}").ok().out()).isEqualTo("DeploymentPaused"));
      Thread.sleep(2000);
      assertThat(kubectl.run("get", "rs", "-l", "app=still", "-o", "name").ok().out().trim().split("\n")).hasSize(1);
      kubectl.run("rollout", "resume", "deployment/still").ok();
      assertThat(kubectl.run(null, 90, "rollout", "status", "deployment/still", "--timeout=80s").ok().out()).contains("successfully rolled out");
      assertThat(kubectl.run("get", "rs", "-l", "app=still", "-o", "name").ok().out().trim().split("\n")).hasSize(2);
    }
  }

  @Test
  void progressDeadlineExceeded() {
    // No kubelet here: the pods never become ready, so the rollout makes no progress.
    String yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: stuck\nspec:\n  replicas: 2\n  progressDeadlineSeconds: 3\n"
        + "  selector:\n    matchLabels:\n      app: stuck\n  template:\n    metadata:\n      labels:\n        app: stuck\n"
        + "    spec:\n      containers:\n      - name: c\n        image: nginx\n";
    kubectl.runWithInput(yaml, "apply", "-f", "-").ok();
    await().atMost(WAIT).untilAsserted(() -> assertThat(kubectl.run("get", "deployment", "stuck", "-o",
        "jsonpath={.status.conditions[?(@.type==\"Progressing\")].status} {.status.conditions[?(@.type==\"Progressing\")].reason} "
            + "{.status.conditions[?(@.type==\"Available\")].reason} {.status.unavailableReplicas}").ok().out())
        .isEqualTo("False ProgressDeadlineExceeded MinimumReplicasUnavailable 2"));
    assertThat(kubectl.run("get", "deployment", "stuck", "-o", "jsonpath={.status.conditions[?(@.type==\"Progressing\")].message}")
        .ok().out()).matches("ReplicaSet \"stuck-[a-z0-9]+\" has timed out progressing\\.");
    Kubectl.Result status = kubectl.run(null, 60, "rollout", "status", "deployment/stuck", "--timeout=30s");
    assertThat(status.exitCode()).isNotZero();
    assertThat(status.err()).contains("deployment \"stuck\" exceeded its progress deadline");
  }
}
