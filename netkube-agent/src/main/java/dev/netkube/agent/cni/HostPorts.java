package dev.netkube.agent.cni;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A pod's hostPorts as portmap gets them: kubelet's sandbox config takes every port of the pod's
 * (regular) containers, once per container and port name (or, unnamed, per family, protocol,
 * hostIP, containerPort and hostPort: kubelet's MakePortMappings); containerd passes on those
 * with a hostPort. Pure.
 */
public final class HostPorts {
  private HostPorts() {}

  public static List<PortMapping> of(Pod pod) {
    List<PortMapping> out = new ArrayList<>();
    if (pod.getSpec() == null || pod.getSpec().getContainers() == null) return out;
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getPorts() == null) continue;
      Set<String> names = new HashSet<>();
      for (ContainerPort p : c.getPorts()) {
        int hostPort = p.getHostPort() == null ? 0 : p.getHostPort();
        int containerPort = p.getContainerPort() == null ? 0 : p.getContainerPort();
        String protocol = p.getProtocol() == null || p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
        String hostIp = p.getHostIP() == null ? "" : p.getHostIP();
        String family = hostIp.isEmpty() ? "any" : hostIp.contains(":") ? "v6" : "v4";
        String name = p.getName() != null && !p.getName().isEmpty()
            ? p.getName() : family + "-" + protocol + "-" + hostIp + ":" + containerPort + ":" + hostPort;
        if (!names.add(name)) continue; // kubelet: "Port name conflicted, it is defined more than once"
        if (hostPort <= 0) continue;
        out.add(new PortMapping(hostPort, containerPort, protocol, hostIp));
      }
    }
    return out;
  }
}
