package dev.netkube.cli.trace;

import dev.netkube.proxy.model.Protocol;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a trace needs to know of the cluster's objects; {@link ApiClusterFacts} asks the API, tests give values. */
public interface ClusterFacts {
  Optional<PodInfo> pod(String namespace, String name);

  Optional<ServiceInfo> service(String namespace, String name);

  Optional<NodeInfo> node(String name);

  List<NodeInfo> nodes();

  /** Who stands behind each endpoint address (EndpointSlices' targetRef and nodeName, pods' IPs), by IP. */
  Map<String, EndpointName> endpointNames();

  record PodInfo(String namespace, String name, Optional<String> ip, Optional<String> node, String phase) {}

  /** {@code clusterIp} empty for a headless ("None") or ExternalName service. */
  record ServiceInfo(String namespace, String name, String type, Optional<String> clusterIp, List<PortInfo> ports) {
    public ServiceInfo {
      ports = List.copyOf(ports);
    }
  }

  record PortInfo(Optional<String> name, int port, Protocol protocol, Optional<Integer> nodePort) {
    /** The number as kubectl's PORT(S) column writes it, after the name if any: {@code http (80/TCP)}, {@code 80:30080/TCP}. */
    public String words() {
      String number = port + nodePort.map(np -> ":" + np).orElse("") + "/" + protocol;
      return name.map(n -> n + " (" + number + ")").orElse(number);
    }
  }

  /** {@code ip}: its InternalIP. */
  record NodeInfo(String name, String ip, Optional<String> podCidr) {}

  /** {@code pod}: namespace/name, empty when the address is no pod's (a hand-written EndpointSlice). */
  record EndpointName(Optional<String> pod, Optional<String> node) {}
}
