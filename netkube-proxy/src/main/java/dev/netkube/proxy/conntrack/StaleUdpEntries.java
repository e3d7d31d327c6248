package dev.netkube.proxy.conntrack;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which UDP conntrack entries a sync made stale, as kube-proxy clears them after each sync (the DNS pain point:
 * kubernetes#19029, #48370). TCP needs none: a connection to a gone endpoint is reset, and new ones are DNATed
 * afresh. Pure: the ports and endpoints before and after a sync in, the deletions out.
 */
public final class StaleUdpEntries {
  private StaleUdpEntries() {}

  public static List<ConntrackFlush> between(List<ServicePort> beforePorts, Map<ServicePortName, List<Endpoint>> before,
      List<ServicePort> afterPorts, Map<ServicePortName, List<Endpoint>> after) {
    Map<ServicePortName, ServicePort> was = udp(beforePorts);
    Map<ServicePortName, ServicePort> now = udp(afterPorts);
    Set<ConntrackFlush> out = new LinkedHashSet<>();
    for (Map.Entry<ServicePortName, ServicePort> e : was.entrySet()) {
      // endpoints that served the port before and serve it no longer (the port itself may be gone too)
      Set<String> gone = serving(before.get(e.getKey()));
      ServicePort old = e.getValue();
      if (now.containsKey(e.getKey())) gone.removeAll(serving(after.get(e.getKey())));
      for (String ip : gone) {
        for (String serviceIp : serviceIps(old)) out.add(new ConntrackFlush.ToGoneEndpoint(serviceIp, ip));
        old.nodePort().ifPresent(np -> out.add(new ConntrackFlush.NodePortToGoneEndpoint(np, ip)));
      }
    }
    for (Map.Entry<ServicePortName, ServicePort> e : now.entrySet()) {
      boolean hadNone = !was.containsKey(e.getKey()) || serving(before.get(e.getKey())).isEmpty();
      if (hadNone && !serving(after.get(e.getKey())).isEmpty()) {
        for (String ip : serviceIps(e.getValue())) out.add(new ConntrackFlush.ToServiceIp(ip, e.getValue().port()));
      }
    }
    return List.copyOf(out);
  }

  private static Map<ServicePortName, ServicePort> udp(List<ServicePort> ports) {
    Map<ServicePortName, ServicePort> out = new TreeMap<>();
    for (ServicePort p : ports) if (p.protocol() == Protocol.UDP) out.put(p.name(), p);
    return out;
  }

  /** The endpoints traffic may be DNATed to: ready ones, or serving-terminating ones when none is ready. */
  private static Set<String> serving(List<Endpoint> endpoints) {
    Set<String> out = new LinkedHashSet<>();
    if (endpoints == null) return out;
    for (Endpoint e : endpoints) if (e.ready()) out.add(e.ip());
    if (out.isEmpty()) for (Endpoint e : endpoints) if (e.serving()) out.add(e.ip());
    return out;
  }

  private static List<String> serviceIps(ServicePort p) {
    List<String> out = new ArrayList<>(p.clusterIps());
    out.addAll(p.externalIps());
    out.addAll(p.loadBalancerIps());
    return out;
  }
}
