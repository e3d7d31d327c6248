package dev.netkube.apiserver.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.validation.Nodes;
import java.util.ArrayList;
import java.util.List;

/** Maps a Service object's spec to a {@link ServiceSpec} and writes allocated values back. */
public final class ServiceSpecs {
  private ServiceSpecs() {}

  public static ServiceSpec read(JsonNode svc) {
    JsonNode spec = Nodes.objectOrEmpty(svc, "spec");
    String type = Nodes.text(spec, "type");
    List<String> clusterIPs = Nodes.strings(spec, "clusterIPs");
    String clusterIP = Nodes.text(spec, "clusterIP");
    if (clusterIPs.isEmpty() && !clusterIP.isEmpty()) clusterIPs = List.of(clusterIP);
    List<ServicePort> ports = new ArrayList<>();
    for (JsonNode p : Nodes.list(spec, "ports")) {
      String protocol = Nodes.text(p, "protocol");
      ports.add(new ServicePort((int) Nodes.integer(p, "port", 0), protocol.isEmpty() ? "TCP" : protocol,
          (int) Nodes.integer(p, "nodePort", 0)));
    }
    return new ServiceSpec(type.isEmpty() ? "ClusterIP" : type, clusterIPs, Nodes.strings(spec, "ipFamilies"),
        Nodes.text(spec, "ipFamilyPolicy"), !Nodes.stringMap(spec, "selector").isEmpty(), ports,
        spec.path("allocateLoadBalancerNodePorts").asBoolean(true), Nodes.text(spec, "externalTrafficPolicy"),
        (int) Nodes.integer(spec, "healthCheckNodePort", 0));
  }

  /** Writes what allocation filled in (cluster IPs, families, node ports, health check port). */
  public static void write(ObjectNode svc, ServiceSpec allocated) {
    ObjectNode spec = Nodes.objectOrCreate(svc, "spec");
    if (!allocated.externalName()) {
      if (!allocated.clusterIPs().isEmpty()) {
        spec.put("clusterIP", allocated.clusterIPs().get(0));
        ArrayNode ips = spec.putArray("clusterIPs");
        allocated.clusterIPs().forEach(ips::add);
      }
      if (!allocated.ipFamilies().isEmpty()) {
        ArrayNode families = spec.putArray("ipFamilies");
        allocated.ipFamilies().forEach(families::add);
      }
    }
    List<JsonNode> ports = Nodes.list(spec, "ports");
    for (int i = 0; i < ports.size() && i < allocated.ports().size(); i++) {
      int nodePort = allocated.ports().get(i).nodePort();
      if (nodePort != 0 && ports.get(i) instanceof ObjectNode port) port.put("nodePort", nodePort);
    }
    if (allocated.healthCheckNodePort() != 0) spec.put("healthCheckNodePort", allocated.healthCheckNodePort());
  }
}
