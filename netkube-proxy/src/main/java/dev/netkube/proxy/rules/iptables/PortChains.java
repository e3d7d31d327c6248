package dev.netkube.proxy.rules.iptables;

import dev.netkube.proxy.model.ServicePortName;
import java.util.List;

/**
 * What one service port contributes: its own nat chains (KUBE-SVC/SVL/EXT/FW/SEP, written only when they changed),
 * and its rules in the shared chains, which every sync rewrites whole.
 */
public record PortChains(ServicePortName name, List<IptablesChain> natChains, SharedRules shared) {
  public PortChains {
    natChains = List.copyOf(natChains);
  }

  /** A port's rules in the fixed chains, in the order upstream writes them. */
  public record SharedRules(List<String> natServices, List<String> natNodePorts, List<String> filterServices,
      List<String> filterExternalServices, List<String> filterNodePorts, List<String> filterFirewall) {
    public SharedRules {
      natServices = List.copyOf(natServices);
      natNodePorts = List.copyOf(natNodePorts);
      filterServices = List.copyOf(filterServices);
      filterExternalServices = List.copyOf(filterExternalServices);
      filterNodePorts = List.copyOf(filterNodePorts);
      filterFirewall = List.copyOf(filterFirewall);
    }
  }
}
