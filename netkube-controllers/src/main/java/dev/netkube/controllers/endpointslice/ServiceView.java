package dev.netkube.controllers.endpointslice;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the endpoint controllers read of a Service.
 *
 * @param selector empty when the service has no selector (then its endpoints are user-made)
 * @param clusterIP "" when unset, "None" when headless
 * @param ipFamilies spec.ipFamilies as the API server defaulted them
 */
public record ServiceView(
    String namespace,
    String name,
    String uid,
    Map<String, String> labels,
    Optional<Map<String, String>> selector,
    String type,
    String clusterIP,
    List<String> ipFamilies,
    boolean publishNotReadyAddresses,
    List<Port> ports,
    Instant created,
    boolean deleting) {

  public static final String CLUSTER_IP_NONE = "None";

  public ServiceView {
    labels = Map.copyOf(labels);
    selector = selector.map(Map::copyOf);
    ipFamilies = List.copyOf(ipFamilies);
    ports = List.copyOf(ports);
  }

  public String key() { return namespace + "/" + name; }

  public boolean externalName() { return "ExternalName".equals(type); }

  /** Upstream's isServiceIPSet: a cluster IP other than None. */
  public boolean ipSet() { return !clusterIP.isEmpty() && !CLUSTER_IP_NONE.equals(clusterIP); }

  public boolean headless() { return CLUSTER_IP_NONE.equals(clusterIP); }

  /** A selector-less selector matches nothing (upstream: nil selector), an empty one everything. */
  public boolean selects(Map<String, String> podLabels) {
    return selector.map(s -> s.entrySet().stream().allMatch(e -> e.getValue().equals(podLabels.get(e.getKey()))))
        .orElse(false);
  }

  /** One spec.ports entry. */
  public record Port(String name, String protocol, int port, TargetPort targetPort, Optional<String> appProtocol) {}

  /** spec.ports[].targetPort: a number, or a container port's name resolved per pod. */
  public sealed interface TargetPort permits TargetPort.Number, TargetPort.Named {
    record Number(int port) implements TargetPort {}

    record Named(String name) implements TargetPort {}
  }
}
