package dev.netkube.proxy.iptables;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import dev.netkube.proxy.rules.iptables.IptablesGenerator;
import dev.netkube.proxy.rules.iptables.IptablesRules;
import dev.netkube.proxy.rules.iptables.PortChains;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The generator with memory: a port whose service and endpoints did not change keeps the chains made for it last
 * time, so a sync of one change among 10,000 services generates one port, not all of them.
 */
final class PortChainsCache {
  private record Entry(ServicePort port, List<Endpoint> endpoints, Optional<PortChains> chains) {}

  private Map<ServicePortName, Entry> entries = new HashMap<>();
  private NodeFacts node;

  IptablesRules generate(NodeFacts node, List<ServicePort> ports, Map<ServicePortName, List<Endpoint>> endpoints) {
    if (!node.equals(this.node)) entries = new HashMap<>();
    this.node = node;
    Map<ServicePortName, Entry> next = new HashMap<>();
    List<PortChains> generated = new ArrayList<>();
    for (ServicePort sp : ports.stream().sorted(Comparator.comparing(ServicePort::name)).toList()) {
      List<Endpoint> eps = endpoints.getOrDefault(sp.name(), List.of());
      Entry old = entries.get(sp.name());
      Entry e = old != null && old.port().equals(sp) && old.endpoints().equals(eps) ? old
          : new Entry(sp, eps, IptablesGenerator.portChains(node, sp, eps));
      next.put(sp.name(), e);
      e.chains().ifPresent(generated::add);
    }
    entries = next;
    return IptablesGenerator.assemble(node, generated);
  }
}
