package dev.netkube.proxy.rules.iptables;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kube-proxy's iptables layout (v1.32) from the cluster state, pure: the fixed chains (KUBE-SERVICES, KUBE-NODEPORTS,
 * KUBE-EXTERNAL-SERVICES, KUBE-FORWARD, KUBE-PROXY-FIREWALL, KUBE-MARK-MASQ, KUBE-POSTROUTING) and each service
 * port's chains. Unlike nftables' verdict maps, KUBE-SERVICES is a list every new connection walks: that is the
 * cost the benchmark measures.
 */
public final class IptablesGenerator {
  static final String MARK_MASQ_BIT = "0x4000";
  static final String NODEPORTS_COMMENT = "\"kubernetes service nodeports; NOTE: this must be the last rule in this chain\"";

  private IptablesGenerator() {}

  /** Ports in name order, so the output does not depend on informer order. */
  public static IptablesRules generate(NodeFacts node, List<ServicePort> ports, Map<ServicePortName, List<Endpoint>> endpoints) {
    List<PortChains> generated = new ArrayList<>();
    for (ServicePort sp : ports.stream().sorted(Comparator.comparing(ServicePort::name)).toList()) {
      portChains(node, sp, endpoints.getOrDefault(sp.name(), List.of())).ifPresent(generated::add);
    }
    return assemble(node, generated);
  }

  /** The whole ruleset around ports already generated (in name order). */
  public static IptablesRules assemble(NodeFacts node, List<PortChains> ports) {
    return new IptablesRules(ports, fixedNat(node), fixedFilter());
  }

  /** One port's chains and shared rules (what the proxier caches between syncs). */
  public static Optional<PortChains> portChains(NodeFacts node, ServicePort sp, List<Endpoint> endpoints) {
    return IptablesPortGenerator.generate(node, sp, endpoints);
  }

  /** The nat rules that do not depend on services; KUBE-SERVICES' last rule (to KUBE-NODEPORTS) included. */
  static IptablesRules.Fixed fixedNat(NodeFacts node) {
    List<String> markMasq = List.of("-j MARK --or-mark " + MARK_MASQ_BIT);
    List<String> postrouting = List.of(
        "-m mark ! --mark " + MARK_MASQ_BIT + "/" + MARK_MASQ_BIT + " -j RETURN",
        // the mark is cleared, so a packet traversing this again (re-routed) is not masqueraded twice
        "-j MARK --xor-mark " + MARK_MASQ_BIT,
        "-m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully");
    List<String> nodePortsJump = new ArrayList<>();
    List<String> ips = node.nodePortIps();
    if (ips.isEmpty()) {
      nodePortsJump.add("-m comment --comment " + NODEPORTS_COMMENT + " -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS");
    } else {
      for (String ip : ips) nodePortsJump.add("-m comment --comment " + NODEPORTS_COMMENT + " -d " + ip + " -j KUBE-NODEPORTS");
    }
    return new IptablesRules.Fixed(markMasq, postrouting, nodePortsJump);
  }

  static List<String> fixedFilter() {
    return List.of(
        "-m conntrack --ctstate INVALID -j DROP",
        "-m comment --comment \"kubernetes forwarding rules\" -m mark --mark " + MARK_MASQ_BIT + "/" + MARK_MASQ_BIT + " -j ACCEPT",
        "-m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
  }
}
