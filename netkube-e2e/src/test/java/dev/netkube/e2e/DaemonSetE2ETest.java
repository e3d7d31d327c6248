package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** daemonset-controller with the real kubectl and Node objects registered by the test. */
class DaemonSetE2ETest extends ClusterTestBase {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Override
  protected void afterStart() {
    String nodes = "apiVersion: v1\nkind: Node\nmetadata:\n  name: worker-1\n  labels:\n    kubernetes.io/os: linux\n---\n"
        + "apiVersion: v1\nkind: Node\nmetadata:\n  name: worker-2\n  labels:\n    kubernetes.io/os: linux\n---\n"
        + "apiVersion: v1\nkind: Node\nmetadata:\n  name: gpu-1\n  labels:\n    kubernetes.io/os: linux\n"
        + "spec:\n  taints:\n  - key: dedicated\n    value: gpu\n    effect: NoSchedule\n";
    kubectl.runWithInput(nodes, "apply", "-f", "-").ok();
  }

  private static String ds(String image, String tolerations) {
    return "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: kube-system\nspec:\n"
        + "  selector:\n    matchLabels:\n      app: agent\n  template:\n    metadata:\n      labels:\n        app: agent\n"
        + "    spec:\n" + tolerations + "      nodeSelector:\n        kubernetes.io/os: linux\n"
        + "      containers:\n      - name: agent\n        image: " + image + "\n";
  }

  private List<String> targets() {
    String out = kubectl.run("get", "pods", "-n", "kube-system", "-l", "app=agent", "-o",
        "jsonpath={range .items[*]}{.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0]} {.metadata.deletionTimestamp}{\"\\n\"}{end}").ok().out();
    return out.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.contains(" ")).sorted().toList();
  }

  @Test
  void onePodPerEligibleNodeAndRollingUpdate() throws Exception {
    kubectl.runWithInput(ds("nginx", ""), "apply", "-f", "-").ok();
    await().atMost(WAIT).until(() -> targets().equals(List.of("worker-1", "worker-2")));
    String pod = kubectl.run("get", "pods", "-n", "kube-system", "-l", "app=agent", "-o", "jsonpath={.items[0].metadata.name}").ok().out();
    assertThat(pod).matches("agent-[a-z0-9]{5}");
    String tolerations = kubectl.run("get", "pod", "-n", "kube-system", pod, "-o",
        "jsonpath={range .spec.tolerations[*]}{.key}:{.effect} {end}").ok().out();
    assertThat(tolerations).contains("node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/unreachable:NoExecute",
        "node.kubernetes.io/disk-pressure:NoSchedule", "node.kubernetes.io/memory-pressure:NoSchedule",
        "node.kubernetes.io/pid-pressure:NoSchedule", "node.kubernetes.io/unschedulable:NoSchedule");
    assertThat(kubectl.run("get", "pod", "-n", "kube-system", pod, "-o",
        "jsonpath={.metadata.labels.controller-revision-hash} {.metadata.labels.pod-template-generation} {.metadata.ownerReferences[0].kind}")
        .ok().out()).matches("[a-z0-9]+ 1 DaemonSet");
    try (AutoCloseable kubelet = Workloads.kubelet(kubectl, "app=agent")) {
      Kubectl.Result rollout = kubectl.run(null, 90, "rollout", "status", "daemonset/agent", "-n", "kube-system", "--timeout=80s");
      assertThat(rollout.exitCode()).as(rollout.err()).isZero();
      assertThat(rollout.out()).endsWith("daemon set \"agent\" successfully rolled out\n");
      assertThat(kubectl.run("get", "ds", "-n", "kube-system", "agent", "-o", "jsonpath={.status.desiredNumberScheduled} "
          + "{.status.currentNumberScheduled} {.status.numberReady} {.status.numberAvailable} {.status.updatedNumberScheduled} "
          + "{.status.numberMisscheduled} {.status.observedGeneration}").ok().out()).isEqualTo("2 2 2 2 2 0 1");

      // Tolerating the taint brings the gpu node in.
      kubectl.runWithInput(ds("nginx:1.27", "      tolerations:\n      - key: dedicated\n        operator: Exists\n"), "apply", "-f", "-").ok();
      assertThat(kubectl.run(null, 120, "rollout", "status", "daemonset/agent", "-n", "kube-system", "--timeout=110s").ok().out())
          .contains("successfully rolled out");
      await().atMost(WAIT).until(() -> targets().equals(List.of("gpu-1", "worker-1", "worker-2")));
      assertThat(kubectl.run("get", "pods", "-n", "kube-system", "-l", "app=agent", "-o",
          "jsonpath={.items[*].spec.containers[0].image}").ok().out().split(" ")).containsOnly("nginx:1.27");
    }
    assertThat(kubectl.run("describe", "ds", "-n", "kube-system", "agent").ok().out())
        .contains("SuccessfulCreate").contains("Created pod: agent-").contains("SuccessfulDelete");
  }
}
