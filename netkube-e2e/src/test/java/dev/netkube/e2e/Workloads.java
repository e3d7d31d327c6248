package dev.netkube.e2e;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Test helpers for workload e2e tests: pods have no kubelet here, so the test plays it. */
final class Workloads {
  private Workloads() {}

  static List<String> podNames(Kubectl kubectl, String selector) {
    String out = kubectl.run("get", "pods", "-l", selector, "-o", "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}").ok().out();
    return Arrays.stream(out.split("\n")).filter(s -> !s.isBlank()).sorted().toList();
  }

  /** Pods (not being deleted) matching the selector. */
  static List<String> livePods(Kubectl kubectl, String selector) {
    String out = kubectl.run("get", "pods", "-l", selector, "-o",
        "jsonpath={range .items[*]}{.metadata.name} {.metadata.deletionTimestamp}{\"\\n\"}{end}").ok().out();
    return Arrays.stream(out.split("\n")).filter(s -> !s.isBlank()).map(String::trim)
        .filter(s -> !s.contains(" ")).sorted().toList();
  }

  /** What a kubelet would write when the containers started and passed readiness (no pod IP: these pods are on no node). */
  static void markRunningReady(Kubectl kubectl, String pod) { markRunningReady(kubectl, "default", pod); }

  static void markRunningReady(Kubectl kubectl, String namespace, String pod) {
    String now = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
    String patch = "{\"status\":{\"phase\":\"Running\",\"startTime\":\"" + now + "\","
        + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"" + now + "\"},"
        + "{\"type\":\"ContainersReady\",\"status\":\"True\",\"lastTransitionTime\":\"" + now + "\"},"
        + "{\"type\":\"PodScheduled\",\"status\":\"True\",\"lastTransitionTime\":\"" + now + "\"}]}}";
    kubectl.run("patch", "pod", pod, "-n", namespace, "--subresource=status", "--type=merge", "-p", patch).ok();
  }

  /** Marks pending pods matching the selector, in any namespace, Running and Ready. */
  static void markAllReady(Kubectl kubectl, String selector) {
    String out = kubectl.run("get", "pods", "-A", "-l", selector, "-o",
        "jsonpath={range .items[*]}{.metadata.namespace} {.metadata.name} {.status.phase}{\"\\n\"}{end}").ok().out();
    for (String line : out.split("\n")) {
      String[] parts = line.trim().split(" ");
      if (parts.length >= 2 && (parts.length == 2 || parts[2].equals("Pending"))) markRunningReady(kubectl, parts[0], parts[1]);
    }
  }

  /** What a kubelet writes when the pod's containers exited. */
  static void markFinished(Kubectl kubectl, String pod, boolean succeeded) {
    String now = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
    String patch = "{\"status\":{\"phase\":\"" + (succeeded ? "Succeeded" : "Failed") + "\",\"startTime\":\"" + now + "\","
        + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\",\"reason\":\"PodCompleted\",\"lastTransitionTime\":\"" + now + "\"}]}}";
    kubectl.run("patch", "pod", pod, "--subresource=status", "--type=merge", "-p", patch).ok();
  }

  /** Plays the kubelet for pods matching the selector: pending pods turn Running and Ready, once a second. */
  static AutoCloseable kubelet(Kubectl kubectl, String selector) {
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          markAllReady(kubectl, selector);
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        } catch (AssertionError e) {
          // a pod went away between list and patch: next round
        }
      }
    }, "fake-kubelet");
    t.setDaemon(true);
    t.start();
    return () -> {
      t.interrupt();
      t.join(10_000);
    };
  }
}
