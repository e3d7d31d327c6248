package dev.netkube.proxy.health;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import dev.netkube.proxy.model.TrafficPolicy;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each healthCheckNodePort answers (services with externalTrafficPolicy Local): the service and how many of
 * its endpoints run on this node, so that a load balancer sends traffic only to nodes that have some. Pure.
 */
public final class ServiceHealth {
  private ServiceHealth() {}

  /** One health check port's state. */
  public record Check(String namespace, String name, int localEndpoints) {}

  /** healthCheckNodePort -> its check, from the proxied ports and endpoints of this node. */
  public static Map<Integer, Check> checks(String nodeName, List<ServicePort> ports, Map<ServicePortName, List<Endpoint>> endpoints) {
    Map<Integer, Check> out = new TreeMap<>();
    for (ServicePort p : ports) {
      if (p.externalTrafficPolicy() != TrafficPolicy.LOCAL || p.healthCheckNodePort().isEmpty()) continue;
      int port = p.healthCheckNodePort().getAsInt();
      int local = (int) endpoints.getOrDefault(p.name(), List.of()).stream()
          .filter(e -> e.ready() && e.nodeName().map(nodeName::equals).orElse(false)).map(Endpoint::ip).distinct().count();
      // one service, several ports: one health check port, counting each local endpoint once
      Check before = out.get(port);
      out.put(port, new Check(p.name().namespace(), p.name().name(), before == null ? local : Math.max(before.localEndpoints(), local)));
    }
    return out;
  }

  /** kube-proxy's response body (pkg/proxy/healthcheck/service_health.go), tab-indented as upstream. */
  public static String body(Check c, boolean proxyHealthy) {
    return "{\n\t\"service\": {\n\t\t\"namespace\": \"" + c.namespace() + "\",\n\t\t\"name\": \"" + c.name() + "\"\n\t},\n"
        + "\t\"localEndpoints\": " + c.localEndpoints() + ",\n\t\"serviceProxyHealthy\": " + proxyHealthy + "\n}";
  }
}
