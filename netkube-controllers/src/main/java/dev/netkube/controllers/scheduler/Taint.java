package dev.netkube.controllers.scheduler;

/** A node taint as the scheduler sees it. Effect: NoSchedule, PreferNoSchedule or NoExecute. */
public record Taint(String key, String value, String effect) {
  public static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
}
