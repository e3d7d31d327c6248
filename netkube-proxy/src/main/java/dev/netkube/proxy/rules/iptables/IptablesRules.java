package dev.netkube.proxy.rules.iptables;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A generated iptables ruleset and its iptables-restore text. The fixed chains are rewritten by every restore; a
 * service port's own chains only when written (a full restore writes all; a partial one the ports that changed, as
 * kube-proxy since 1.26), and chains no port has any more are deleted ({@code -X}) in the same transaction.
 */
public record IptablesRules(List<PortChains> ports, Fixed nat, List<String> filterForward) {
  public IptablesRules {
    ports = List.copyOf(ports);
    filterForward = List.copyOf(filterForward);
  }

  /** The nat rules that do not depend on services. */
  public record Fixed(List<String> markMasq, List<String> postrouting, List<String> nodePortsJump) {
    public Fixed {
      markMasq = List.copyOf(markMasq);
      postrouting = List.copyOf(postrouting);
      nodePortsJump = List.copyOf(nodePortsJump);
    }
  }

  /** Every service-port chain name in this ruleset. */
  public Set<String> serviceChains() {
    Set<String> names = new LinkedHashSet<>();
    for (PortChains p : ports) for (IptablesChain c : p.natChains()) names.add(c.name());
    return names;
  }

  /** The whole ruleset: every chain declared (flushed) and written. */
  public String fullRestore() { return restore(ports, List.of()); }

  /**
   * @param changed the ports whose chains are written (their chains flushed and rewritten)
   * @param deleted service chains to remove (no port of this ruleset has them)
   */
  public String restore(Collection<PortChains> changed, Collection<String> deleted) {
    StringBuilder out = new StringBuilder();
    out.append("*filter\n");
    for (String chain : List.of("KUBE-NODEPORTS", "KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD", "KUBE-PROXY-FIREWALL")) {
      out.append(':').append(chain).append(" - [0:0]\n");
    }
    append(out, "KUBE-SERVICES", shared(PortChains.SharedRules::filterServices));
    append(out, "KUBE-EXTERNAL-SERVICES", shared(PortChains.SharedRules::filterExternalServices));
    append(out, "KUBE-FORWARD", filterForward);
    append(out, "KUBE-NODEPORTS", shared(PortChains.SharedRules::filterNodePorts));
    append(out, "KUBE-PROXY-FIREWALL", shared(PortChains.SharedRules::filterFirewall));
    out.append("COMMIT\n*nat\n");
    for (String chain : List.of("KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-MARK-MASQ", "KUBE-POSTROUTING")) {
      out.append(':').append(chain).append(" - [0:0]\n");
    }
    for (PortChains p : changed) for (IptablesChain c : p.natChains()) out.append(c.declaration()).append('\n');
    // declared, so flushed: a stale chain may still jump to another stale one, and -X refuses a referenced chain
    for (String chain : deleted) out.append(':').append(chain).append(" - [0:0]\n");
    append(out, "KUBE-MARK-MASQ", nat.markMasq());
    append(out, "KUBE-POSTROUTING", nat.postrouting());
    List<String> services = new ArrayList<>(shared(PortChains.SharedRules::natServices));
    services.addAll(nat.nodePortsJump()); // last: a node port on a cluster IP's port must not shadow the cluster IP
    append(out, "KUBE-SERVICES", services);
    append(out, "KUBE-NODEPORTS", shared(PortChains.SharedRules::natNodePorts));
    for (PortChains p : changed) for (IptablesChain c : p.natChains()) c.appendRules(out);
    for (String chain : deleted) out.append("-X ").append(chain).append('\n');
    out.append("COMMIT\n");
    return out.toString();
  }

  private List<String> shared(Function<PortChains.SharedRules, List<String>> part) {
    List<String> rules = new ArrayList<>();
    for (PortChains p : ports) rules.addAll(part.apply(p.shared()));
    return rules;
  }

  private static void append(StringBuilder out, String chain, List<String> rules) {
    new IptablesChain(chain, rules).appendRules(out);
  }
}
