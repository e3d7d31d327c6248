package dev.netkube.cli.trace;

import dev.netkube.proxy.model.Protocol;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster of the proxy's captured scenarios (netkube-proxy's Scenarios): node-1 192.168.10.2 (pods 10.244.1.0/24),
 * node-2 192.168.10.3 (10.244.2.0/24); pod default/testnet 10.244.1.9 on node-1; services as in the captured rulesets.
 */
final class FakeCluster implements ClusterFacts {
  static final Network NETWORK = new Network("192.168.10.1", "192.168.10.254", "10.96.0.0/12",
      Map.of("node-1", "nk-node-1", "node-2", "nk-node-2"));

  private final Map<String, PodInfo> pods = Map.of(
      "default/testnet", new PodInfo("default", "testnet", Optional.of("10.244.1.9"), Optional.of("node-1"), "Running"),
      "default/web-1", new PodInfo("default", "web-1", Optional.of("10.244.1.5"), Optional.of("node-1"), "Running"),
      "default/pending", new PodInfo("default", "pending", Optional.empty(), Optional.of("node-2"), "Pending"));

  private final Map<String, ServiceInfo> services = Map.of(
      "default/web", new ServiceInfo("default", "web", "ClusterIP", Optional.of("10.96.0.10"),
          List.of(new PortInfo(Optional.of("http"), 80, Protocol.TCP, Optional.empty()))),
      "default/np", new ServiceInfo("default", "np", "NodePort", Optional.of("10.96.0.20"),
          List.of(new PortInfo(Optional.of("http"), 80, Protocol.TCP, Optional.of(30080)))),
      "default/two", new ServiceInfo("default", "two", "ClusterIP", Optional.of("10.96.0.100"),
          List.of(new PortInfo(Optional.of("http"), 80, Protocol.TCP, Optional.empty()),
              new PortInfo(Optional.of("dns"), 53, Protocol.UDP, Optional.empty()))),
      "default/headless", new ServiceInfo("default", "headless", "ClusterIP", Optional.empty(),
          List.of(new PortInfo(Optional.empty(), 80, Protocol.TCP, Optional.empty()))));

  private final List<NodeInfo> nodes = List.of(new NodeInfo("node-1", "192.168.10.2", Optional.of("10.244.1.0/24")),
      new NodeInfo("node-2", "192.168.10.3", Optional.of("10.244.2.0/24")));

  @Override
  public Optional<PodInfo> pod(String namespace, String name) {
    return Optional.ofNullable(pods.get(namespace + "/" + name));
  }

  @Override
  public Optional<ServiceInfo> service(String namespace, String name) {
    return Optional.ofNullable(services.get(namespace + "/" + name));
  }

  @Override
  public Optional<NodeInfo> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  @Override
  public List<NodeInfo> nodes() {
    return nodes;
  }

  @Override
  public Map<String, EndpointName> endpointNames() {
    return Map.of("10.244.1.5", new EndpointName(Optional.of("default/web-1"), Optional.of("node-1")),
        "10.244.2.6", new EndpointName(Optional.of("default/web-2"), Optional.of("node-2")));
  }
}
