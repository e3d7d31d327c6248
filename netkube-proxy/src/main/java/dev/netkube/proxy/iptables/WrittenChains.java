package dev.netkube.proxy.iptables;

import dev.netkube.proxy.model.ServicePortName;
import dev.netkube.proxy.rules.iptables.IptablesRules;
import dev.netkube.proxy.rules.iptables.PortChains;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the kernel holds since the last successful restore: per port its chains, so a sync writes only changes. */
final class WrittenChains {
  private Map<ServicePortName, PortChains> byPort = new HashMap<>();
  private Set<String> chains = new HashSet<>();

  /** The ports whose own chains differ from what was written (their shared rules are rewritten every sync anyway). */
  List<PortChains> changed(IptablesRules next) {
    return next.ports().stream().filter(p -> {
      PortChains old = byPort.get(p.name());
      return old == null || !old.natChains().equals(p.natChains());
    }).toList();
  }

  Set<String> chains() { return Set.copyOf(chains); }

  void wrote(IptablesRules rules) {
    Map<ServicePortName, PortChains> next = new HashMap<>();
    for (PortChains p : rules.ports()) next.put(p.name(), p);
    byPort = next;
    chains = new HashSet<>(rules.serviceChains());
  }
}
