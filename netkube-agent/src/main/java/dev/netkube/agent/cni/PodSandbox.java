package dev.netkube.agent.cni;

import java.nio.file.Path;
import java.util.List;

/**
 * One pod sandbox to wire: its id (the CNI container id, K8S_POD_INFRA_CONTAINER_ID), its netns
 * path (/run/netns/...), the interface name inside it, the pod, and its hostPort mappings.
 */
public record PodSandbox(String containerId, Path netns, String ifName, PodRef pod, List<PortMapping> portMappings) {
  public static final String DEFAULT_IFNAME = "eth0";

  public PodSandbox {
    CniNames.containerId(containerId);
    CniNames.interfaceName(ifName);
    if (ifName.equals("lo")) throw new IllegalArgumentException("lo is the loopback network's interface");
    portMappings = List.copyOf(portMappings);
  }

  public static PodSandbox of(String containerId, Path netns, PodRef pod) {
    return new PodSandbox(containerId, netns, DEFAULT_IFNAME, pod, List.of());
  }

  public PodSandbox withPortMappings(List<PortMapping> mappings) {
    return new PodSandbox(containerId, netns, ifName, pod, mappings);
  }

  public CniArgs cniArgs() { return CniArgs.kubernetes(pod, containerId); }
}
