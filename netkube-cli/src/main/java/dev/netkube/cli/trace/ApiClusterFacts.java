package dev.netkube.cli.trace;

import dev.netkube.proxy.model.Protocol;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ClusterFacts} from the API server: the adapter from fabric8's objects to the trace's records. */
public final class ApiClusterFacts implements ClusterFacts {
  private final KubernetesClient client;

  public ApiClusterFacts(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<PodInfo> pod(String namespace, String name) {
    Pod p = client.pods().inNamespace(namespace).withName(name).get();
    if (p == null) return Optional.empty();
    Optional<String> ip = Optional.ofNullable(p.getStatus()).map(s -> s.getPodIP()).filter(s -> !s.isEmpty());
    String phase = Optional.ofNullable(p.getStatus()).map(s -> s.getPhase()).orElse("Pending");
    return Optional.of(new PodInfo(namespace, name, ip, Optional.ofNullable(p.getSpec().getNodeName()).filter(s -> !s.isEmpty()), phase));
  }

  @Override
  public Optional<ServiceInfo> service(String namespace, String name) {
    Service s = client.services().inNamespace(namespace).withName(name).get();
    if (s == null) return Optional.empty();
    Optional<String> ip = Optional.ofNullable(s.getSpec().getClusterIP()).filter(c -> !c.isEmpty() && !c.equals("None"));
    List<PortInfo> ports = Optional.ofNullable(s.getSpec().getPorts()).orElse(List.of()).stream()
        .map(p -> new PortInfo(Optional.ofNullable(p.getName()).filter(n -> !n.isEmpty()), p.getPort(), Protocol.of(p.getProtocol()),
            Optional.ofNullable(p.getNodePort()).filter(n -> n > 0)))
        .toList();
    return Optional.of(new ServiceInfo(namespace, name, Optional.ofNullable(s.getSpec().getType()).orElse("ClusterIP"), ip, ports));
  }

  @Override
  public Optional<NodeInfo> node(String name) {
    return Optional.ofNullable(client.nodes().withName(name).get()).flatMap(ApiClusterFacts::info);
  }

  @Override
  public List<NodeInfo> nodes() {
    return client.nodes().list().getItems().stream().flatMap(n -> info(n).stream()).toList();
  }

  private static Optional<NodeInfo> info(io.fabric8.kubernetes.api.model.Node n) {
    Optional<String> ip = Optional.ofNullable(n.getStatus()).map(s -> s.getAddresses()).orElse(List.of()).stream()
        .filter(a -> "InternalIP".equals(a.getType())).map(NodeAddress::getAddress).findFirst();
    return ip.map(i -> new NodeInfo(n.getMetadata().getName(), i,
        Optional.ofNullable(n.getSpec()).map(s -> s.getPodCIDR()).filter(c -> !c.isEmpty())));
  }

  @Override
  public Map<String, EndpointName> endpointNames() {
    Map<String, EndpointName> names = new HashMap<>();
    for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
      String ip = p.getStatus() == null ? null : p.getStatus().getPodIP();
      // hostNetwork pods share their node's address: naming one of them would mislead
      if (ip == null || ip.isEmpty() || Boolean.TRUE.equals(p.getSpec().getHostNetwork())) continue;
      names.put(ip, new EndpointName(Optional.of(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()),
          Optional.ofNullable(p.getSpec().getNodeName())));
    }
    for (EndpointSlice slice : client.discovery().v1().endpointSlices().inAnyNamespace().list().getItems()) {
      for (var ep : Optional.ofNullable(slice.getEndpoints()).orElse(List.of())) {
        Optional<String> pod = Optional.ofNullable(ep.getTargetRef()).filter(r -> "Pod".equals(r.getKind()))
            .map(r -> Optional.ofNullable(r.getNamespace()).orElse(slice.getMetadata().getNamespace()) + "/" + r.getName());
        for (String ip : Optional.ofNullable(ep.getAddresses()).orElse(List.of())) {
          names.putIfAbsent(ip, new EndpointName(pod, Optional.ofNullable(ep.getNodeName())));
        }
      }
    }
    return Map.copyOf(names);
  }
}
