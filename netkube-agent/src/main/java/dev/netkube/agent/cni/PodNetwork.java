package dev.netkube.agent.cni;

import java.util.List;

/**
 * What ADD gave a sandbox: the pod's IPs (status.podIP is the first, status.podIPs all of them),
 * the interface inside the pod and its MAC, and the whole result of the chain.
 */
public record PodNetwork(String containerId, String ifName, List<String> podIps, String mac, CniResult result) {
  public PodNetwork {
    podIps = List.copyOf(podIps);
  }

  static PodNetwork of(String containerId, String ifName, CniResult result) {
    String mac = result.sandboxInterface(ifName).map(CniResult.Interface::mac).orElse("");
    return new PodNetwork(containerId, ifName, result.podIps(ifName), mac, result);
  }

  /** status.podIP, or "" when the plugins gave none. */
  public String podIp() { return podIps.isEmpty() ? "" : podIps.get(0); }
}
