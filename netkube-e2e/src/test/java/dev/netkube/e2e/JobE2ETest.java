package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** job-controller with the real kubectl; the test plays the kubelet by writing pod phases. */
class JobE2ETest extends ClusterTestBase {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static String job(String name, String extraSpec) {
    return "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: " + name + "\nspec:\n" + extraSpec
        + "  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: work\n        image: busybox\n"
        + "        command: [\"sh\", \"-c\", \"echo done\"]\n";
  }

  private List<String> activePods(String job) {
    String out = kubectl.run("get", "pods", "-l", "batch.kubernetes.io/job-name=" + job, "-o",
        "jsonpath={range .items[*]}{.metadata.name} {.status.phase}{\"\\n\"}{end}").ok().out();
    return out.lines().map(String::trim).filter(l -> l.endsWith(" Pending") || l.endsWith(" Running"))
        .map(l -> l.substring(0, l.indexOf(' '))).toList();
  }

  @Test
  void runsToCompletion() {
    kubectl.runWithInput(job("pi", "  completions: 2\n  parallelism: 1\n"), "apply", "-f", "-").ok();
    for (int i = 0; i < 2; i++) {
      await().atMost(WAIT).until(() -> activePods("pi").size() == 1);
      String pod = activePods("pi").get(0);
      assertThat(pod).matches("pi-[a-z0-9]{5}");
      Workloads.markFinished(kubectl, pod, true);
      await().atMost(WAIT).until(() -> !activePods("pi").contains(pod));
    }
    Kubectl.Result wait = kubectl.run(null, 70, "wait", "--for=condition=complete", "job/pi", "--timeout=60s");
    assertThat(wait.exitCode()).as(wait.err()).isZero();
    assertThat(wait.out()).isEqualTo("job.batch/pi condition met\n");
    assertThat(kubectl.run("get", "job", "pi", "-o", "jsonpath={.status.succeeded} {.status.failed} {.status.active} "
        + "{.status.conditions[*].type} {.status.conditions[1].reason} {.status.conditions[1].message}").ok().out())
        .isEqualTo("2 0 0 SuccessCriteriaMet Complete CompletionsReached Reached expected number of succeeded pods");
    assertThat(kubectl.run("get", "job", "pi", "-o", "jsonpath={.status.startTime} {.status.completionTime}").ok().out())
        .matches("\\d{4}-.*Z \\d{4}-.*Z");
    String pod = kubectl.run("get", "pods", "-l", "job-name=pi", "-o", "jsonpath={.items[0].metadata.name}").ok().out();
    assertThat(kubectl.run("get", "pod", pod, "-o", "jsonpath={.metadata.labels.batch\\.kubernetes\\.io/controller-uid} "
        + "{.metadata.labels.controller-uid} {.metadata.finalizers} {.metadata.ownerReferences[0].kind}").ok().out())
        .matches("([0-9a-f-]{36}) \\1 (\\[\\])? ?Job");
    await().atMost(WAIT).untilAsserted(() -> assertThat(kubectl.run("describe", "job", "pi").ok().out())
        .contains("SuccessfulCreate").contains("Created pod: pi-").contains("Completed").contains("Job completed")
        .containsPattern("Pods Statuses:\\s+0 Active \\(0 Ready\\) / 2 Succeeded / 0 Failed"));
    assertThat(kubectl.run("get", "job", "pi").ok().out()).containsPattern("pi\\s+Complete\\s+2/2");
  }

  @Test
  void failsAtTheBackoffLimit() {
    kubectl.runWithInput(job("flaky", "  backoffLimit: 1\n"), "apply", "-f", "-").ok();
    await().atMost(WAIT).until(() -> activePods("flaky").size() == 1);
    String first = activePods("flaky").get(0);
    Workloads.markFinished(kubectl, first, false);
    // The replacement comes after upstream's 10 s back-off.
    await().atMost(WAIT).until(() -> activePods("flaky").size() == 1 && !activePods("flaky").contains(first));
    Workloads.markFinished(kubectl, activePods("flaky").get(0), false);
    Kubectl.Result wait = kubectl.run(null, 70, "wait", "--for=condition=failed", "job/flaky", "--timeout=60s");
    assertThat(wait.exitCode()).as(wait.err()).isZero();
    assertThat(kubectl.run("get", "job", "flaky", "-o", "jsonpath={.status.failed} {.status.conditions[*].type} "
        + "{.status.conditions[1].reason}").ok().out()).isEqualTo("2 FailureTarget Failed BackoffLimitExceeded");
    await().atMost(WAIT).untilAsserted(() -> assertThat(kubectl.run("describe", "job", "flaky").ok().out())
        .containsPattern("Warning\\s+BackoffLimitExceeded\\s+.*job-controller\\s+Job has reached the specified backoff limit"));
  }

  @Test
  void finishedJobGoesAfterItsTtl() {
    kubectl.runWithInput(job("short", "  ttlSecondsAfterFinished: 1\n"), "apply", "-f", "-").ok();
    await().atMost(WAIT).until(() -> activePods("short").size() == 1);
    Workloads.markFinished(kubectl, activePods("short").get(0), true);
    await().atMost(WAIT).until(() -> kubectl.run("get", "job", "short").exitCode() != 0);
    assertThat(kubectl.run("get", "job", "short").err()).contains("NotFound");
  }

  @Test
  void suspendedJobRunsNothingUntilResumed() throws Exception {
    kubectl.runWithInput(job("later", "  suspend: true\n"), "apply", "-f", "-").ok();
    await().atMost(WAIT).untilAsserted(() -> assertThat(kubectl.run("get", "job", "later", "-o",
        "jsonpath={.status.conditions[?(@.type==\"Suspended\")].status} {.status.conditions[?(@.type==\"Suspended\")].reason}")
        .ok().out()).isEqualTo("True JobSuspended"));
    Thread.sleep(1000);
    assertThat(activePods("later")).isEmpty();
    kubectl.run("patch", "job", "later", "--type=merge", "-p", "{\"spec\":{\"suspend\":false}}").ok();
    await().atMost(WAIT).until(() -> activePods("later").size() == 1);
    assertThat(kubectl.run("get", "job", "later", "-o",
        "jsonpath={.status.conditions[?(@.type==\"Suspended\")].status} {.status.conditions[?(@.type==\"Suspended\")].reason}")
        .ok().out()).isEqualTo("False JobResumed");
    await().atMost(WAIT).untilAsserted(() -> assertThat(kubectl.run("describe", "job", "later").ok().out())
        .contains("Job suspended").contains("Job resumed"));
  }
}
