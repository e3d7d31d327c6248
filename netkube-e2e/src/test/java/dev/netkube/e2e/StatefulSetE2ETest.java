package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** statefulset-controller with the real kubectl: ordinal pods in order, identity, scale down from the top, rolling update. */
class StatefulSetE2ETest extends ClusterTestBase {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static String manifest(String image) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  clusterIP: None\n  selector:\n    app: db\n"
        + "  ports:\n  - port: 80\n---\n"
        + "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: nginx\n  replicas: 3\n"
        + "  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n"
        + "    spec:\n      containers:\n      - name: nginx\n        image: " + image + "\n";
  }

  @Test
  void orderedIdentityScaleAndUpdate() throws Exception {
    kubectl.runWithInput(manifest("nginx"), "apply", "-f", "-").ok();
    await().atMost(WAIT).until(() -> Workloads.livePods(kubectl, "app=db").equals(List.of("web-0")));
    Thread.sleep(2000);
    assertThat(Workloads.livePods(kubectl, "app=db")).as("web-1 waits for web-0 to be Running and Ready").containsExactly("web-0");
    assertThat(kubectl.run("get", "pod", "web-0", "-o", "jsonpath={.spec.hostname} {.spec.subdomain} "
        + "{.metadata.labels.statefulset\\.kubernetes\\.io/pod-name} {.metadata.labels.apps\\.kubernetes\\.io/pod-index} "
        + "{.metadata.labels.controller-revision-hash}").ok().out()).matches("web-0 nginx web-0 0 web-[a-z0-9]+");
    Workloads.markRunningReady(kubectl, "web-0");
    await().atMost(WAIT).until(() -> Workloads.livePods(kubectl, "app=db").equals(List.of("web-0", "web-1")));
    try (AutoCloseable kubelet = Workloads.kubelet(kubectl, "app=db")) {
      Kubectl.Result rollout = kubectl.run(null, 90, "rollout", "status", "statefulset/web", "--timeout=80s");
      assertThat(rollout.exitCode()).as(rollout.err()).isZero();
      assertThat(rollout.out()).contains("partitioned roll out complete: 3 new pods have been updated...");
      assertThat(kubectl.run("get", "sts", "web", "-o", "jsonpath={.status.replicas} {.status.readyReplicas} "
          + "{.status.currentReplicas} {.status.updatedReplicas} {.status.observedGeneration}").ok().out()).isEqualTo("3 3 3 3 1");

      kubectl.run("set", "image", "statefulset/web", "nginx=nginx:1.27").ok();
      Kubectl.Result update = kubectl.run(null, 120, "rollout", "status", "statefulset/web", "--timeout=110s");
      assertThat(update.exitCode()).as(update.err()).isZero();
      // partition defaults to 0, so kubectl reports a partitioned roll out, as against a real cluster.
      assertThat(update.out()).contains("partitioned roll out complete: 3 new pods have been updated...");
      await().atMost(WAIT).untilAsserted(() -> assertThat(kubectl.run("get", "sts", "web", "-o",
          "jsonpath={.status.currentRevision} {.status.updateRevision}").ok().out()).matches("(web-[a-z0-9]+) \\1"));
      assertThat(kubectl.run("get", "pods", "-l", "app=db", "-o", "jsonpath={.items[*].spec.containers[0].image}").ok().out().split(" "))
          .containsOnly("nginx:1.27");

      kubectl.run("scale", "statefulset", "web", "--replicas=1").ok();
      await().atMost(WAIT).until(() -> Workloads.livePods(kubectl, "app=db").equals(List.of("web-0")));
    }
    String events = kubectl.run("get", "events", "--field-selector", "involvedObject.name=web,reason=SuccessfulDelete",
        "--sort-by=.lastTimestamp", "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}").ok().out();
    assertThat(events).contains("delete Pod web-2 in StatefulSet web successful").contains("delete Pod web-1 in StatefulSet web successful");
    assertThat(kubectl.run("describe", "sts", "web").ok().out()).contains("create Pod web-0 in StatefulSet web successful");
  }
}
