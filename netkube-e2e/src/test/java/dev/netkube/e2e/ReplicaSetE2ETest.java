package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** replicaset-controller with the real kubectl: pods from the template, scale, adoption, release, status, events. */
class ReplicaSetE2ETest extends ClusterTestBase {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static String rs(String name, int replicas, String app) {
    return "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: " + name + "\nspec:\n  replicas: " + replicas
        + "\n  selector:\n    matchLabels:\n      app: " + app + "\n  template:\n    metadata:\n      labels:\n        app: " + app
        + "\n        tier: web\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";
  }

  @Test
  void keepsReplicasAndReportsStatus() {
    kubectl.runWithInput(rs("frontend", 3, "frontend"), "apply", "-f", "-").ok();
    await().atMost(WAIT).until(() -> Workloads.livePods(kubectl, "app=frontend").size() == 3);
    List<String> pods = Workloads.podNames(kubectl, "app=frontend");
    assertThat(pods).allMatch(p -> p.matches("frontend-[a-z0-9]{5}"));
    String owner = kubectl.run("get", "pod", pods.get(0), "-o",
        "jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.metadata.ownerReferences[0].controller} "
            + "{.metadata.ownerReferences[0].blockOwnerDeletion} {.metadata.labels.tier}").ok().out();
    assertThat(owner).isEqualTo("ReplicaSet/frontend true true web");

    Workloads.markAllReady(kubectl, "app=frontend");
    await().atMost(WAIT).untilAsserted(() -> assertThat(kubectl.run("get", "rs", "frontend", "-o",
        "jsonpath={.status.replicas} {.status.fullyLabeledReplicas} {.status.readyReplicas} {.status.availableReplicas} {.status.observedGeneration}")
        .ok().out()).isEqualTo("3 3 3 3 1"));
    assertThat(kubectl.run("get", "rs", "frontend").ok().out()).containsPattern("frontend\\s+3\\s+3\\s+3");

    // A deleted pod comes back.
    kubectl.run("delete", "pod", pods.get(0), "--wait=false").ok();
    await().atMost(WAIT).until(() -> {
      List<String> now = Workloads.livePods(kubectl, "app=frontend");
      return now.size() == 3 && !now.contains(pods.get(0));
    });

    // kubectl scale (the scale subresource), down then up.
    kubectl.run("scale", "rs", "frontend", "--replicas=1").ok();
    await().atMost(WAIT).until(() -> Workloads.livePods(kubectl, "app=frontend").size() == 1);
    await().atMost(WAIT).untilAsserted(() -> assertThat(kubectl.run("describe", "rs", "frontend").ok().out())
        .contains("SuccessfulCreate").contains("Created pod: frontend-").contains("SuccessfulDelete").contains("Deleted pod: frontend-")
        .contains("replicaset-controller"));
  }

  @Test
  void adoptsOrphansAndReleasesPodsThatStopMatching() {
    kubectl.run("run", "stray", "--image=nginx", "--labels=app=adopt").ok();
    kubectl.runWithInput(rs("adopter", 2, "adopt"), "apply", "-f", "-").ok();
    await().atMost(WAIT).untilAsserted(() -> assertThat(kubectl.run("get", "pod", "stray", "-o",
        "jsonpath={.metadata.ownerReferences[0].name}").ok().out()).isEqualTo("adopter"));
    await().atMost(WAIT).until(() -> Workloads.livePods(kubectl, "app=adopt").size() == 2);
    assertThat(Workloads.livePods(kubectl, "app=adopt")).contains("stray");

    // Relabelled: released (no owner any more) and replaced.
    kubectl.run("label", "pod", "stray", "app=gone", "--overwrite").ok();
    await().atMost(WAIT).untilAsserted(() -> assertThat(kubectl.run("get", "pod", "stray", "-o",
        "jsonpath={.metadata.ownerReferences}").ok().out()).isIn("", "[]"));
    await().atMost(WAIT).until(() -> Workloads.livePods(kubectl, "app=adopt").size() == 2);
  }

  @Test
  void aBurstCreatesExactlyTheReplicas() throws Exception {
    kubectl.runWithInput(rs("burst", 40, "burst"), "apply", "-f", "-").ok();
    await().atMost(WAIT).until(() -> Workloads.livePods(kubectl, "app=burst").size() >= 40);
    Thread.sleep(2000); // a lagging cache must not make the controller create more
    assertThat(Workloads.livePods(kubectl, "app=burst")).hasSize(40);
    kubectl.run("scale", "rs", "burst", "--replicas=5").ok();
    await().atMost(WAIT).until(() -> Workloads.livePods(kubectl, "app=burst").size() <= 5);
    Thread.sleep(2000);
    assertThat(Workloads.livePods(kubectl, "app=burst")).hasSize(5);
    await().atMost(WAIT).untilAsserted(() -> assertThat(kubectl.run("get", "rs", "burst", "-o", "jsonpath={.status.replicas}").ok().out())
        .isEqualTo("5"));
  }
}
