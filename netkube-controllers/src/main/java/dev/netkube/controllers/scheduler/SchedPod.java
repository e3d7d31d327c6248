package dev.netkube.controllers.scheduler;

import java.util.List;
import java.util.Map;

/**
 * What scheduling needs of a pod, mapped once from the API object. {@code requests} are the pod's
 * effective requests (containers, init containers' maximum, sidecars, overhead).
 */
public record SchedPod(String key, String uid, String nodeName, Map<String, String> nodeSelector,
    List<NodeSelectorTerm> requiredAffinity, List<Toleration> tolerations, Resources requests,
    List<HostPort> hostPorts, int priority, String preemptionPolicy) {

  public SchedPod withNodeName(String node) {
    return new SchedPod(key, uid, node, nodeSelector, requiredAffinity, tolerations, requests, hostPorts, priority,
        preemptionPolicy);
  }
}
