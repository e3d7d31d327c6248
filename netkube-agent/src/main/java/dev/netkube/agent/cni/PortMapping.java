package dev.netkube.agent.cni;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.util.Locale;

/**
 * A container port with a hostPort, as the portmap plugin's "portMappings" capability takes it
 * (containerd's shape: protocol lower case, hostIP left out when not set).
 */
public record PortMapping(int hostPort, int containerPort, String protocol, String hostIP) {
  public PortMapping {
    if (hostPort < 1 || hostPort > 65535) throw new IllegalArgumentException("invalid hostPort " + hostPort);
    if (containerPort < 1 || containerPort > 65535) {
      throw new IllegalArgumentException("invalid containerPort " + containerPort);
    }
    protocol = (protocol == null || protocol.isEmpty() ? "tcp" : protocol).toLowerCase(Locale.ROOT);
    if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
      throw new IllegalArgumentException("invalid protocol " + protocol);
    }
    hostIP = hostIP == null ? "" : hostIP;
  }

  public static PortMapping tcp(int hostPort, int containerPort) {
    return new PortMapping(hostPort, containerPort, "tcp", "");
  }

  public ObjectNode json() {
    ObjectNode o = Json.object();
    o.put("hostPort", hostPort);
    o.put("containerPort", containerPort);
    o.put("protocol", protocol);
    if (!hostIP.isEmpty()) o.put("hostIP", hostIP);
    return o;
  }

  static PortMapping fromJson(com.fasterxml.jackson.databind.JsonNode o) {
    return new PortMapping(o.path("hostPort").asInt(), o.path("containerPort").asInt(), o.path("protocol").asText("tcp"),
        o.path("hostIP").asText(""));
  }
}
