package dev.netkube.agent.cni;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A plugin's success result (spec 1.0.0; 0.4.0 results read the same): the interfaces it made,
 * the IPs (each naming its interface by index), routes. {@code json} is the result as the plugin
 * printed it, for prevResult and the cache.
 */
public record CniResult(String cniVersion, List<Interface> interfaces, List<IpConfig> ips, List<Route> routes, JsonNode json) {
  /** {@code sandbox} is the netns path for interfaces inside the container, "" for the node's. */
  public record Interface(String name, String mac, String sandbox) {}

  /** {@code address} in CIDR form; {@code interfaceIndex} -1 when the result names none. */
  public record IpConfig(String address, String gateway, int interfaceIndex) {
    public String ip() {
      int slash = address.indexOf('/');
      return slash < 0 ? address : address.substring(0, slash);
    }

    public boolean isIpv4() { return !ip().contains(":"); }
  }

  public record Route(String dst, String gw) {}

  public CniResult {
    interfaces = List.copyOf(interfaces);
    ips = List.copyOf(ips);
    routes = List.copyOf(routes);
    json = json.deepCopy();
  }

  public static CniResult parse(JsonNode json) {
    if (!json.isObject()) throw new IllegalArgumentException("CNI result is not a JSON object");
    List<Interface> interfaces = new ArrayList<>();
    json.path("interfaces").forEach(i -> interfaces.add(
        new Interface(i.path("name").asText(""), i.path("mac").asText(""), i.path("sandbox").asText(""))));
    List<IpConfig> ips = new ArrayList<>();
    json.path("ips").forEach(ip -> ips.add(new IpConfig(ip.path("address").asText(""), ip.path("gateway").asText(""),
        ip.has("interface") ? ip.path("interface").asInt(-1) : -1)));
    List<Route> routes = new ArrayList<>();
    json.path("routes").forEach(r -> routes.add(new Route(r.path("dst").asText(""), r.path("gw").asText(""))));
    return new CniResult(json.path("cniVersion").asText(""), interfaces, ips, routes, json);
  }

  /**
   * The pod's IPs as containerd reports them: those on the interface {@code ifName} inside the
   * sandbox (all IPs when the result names no interface), IPv4 first.
   */
  public List<String> podIps(String ifName) {
    List<IpConfig> mine = new ArrayList<>();
    for (IpConfig ip : ips) {
      if (ip.interfaceIndex() < 0 || ip.interfaceIndex() >= interfaces.size()) {
        mine.add(ip);
        continue;
      }
      Interface i = interfaces.get(ip.interfaceIndex());
      if (i.name().equals(ifName) && !i.sandbox().isEmpty()) mine.add(ip);
    }
    return mine.stream().sorted(Comparator.comparing(ip -> ip.isIpv4() ? 0 : 1)).map(IpConfig::ip).toList();
  }

  /** The interface {@code ifName} inside the sandbox, if the result lists it. */
  public java.util.Optional<Interface> sandboxInterface(String ifName) {
    return interfaces.stream().filter(i -> i.name().equals(ifName) && !i.sandbox().isEmpty()).findFirst();
  }
}
