package dev.netkube.proxy.rules.iptables;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.Ipv4;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.SessionAffinity;
import dev.netkube.proxy.rules.EndpointCategories;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The iptables rules of one service port, following the iptables proxier's syncProxyRules step by step. */
final class IptablesPortGenerator {
  private final NodeFacts node;
  private final ServicePort sp;
  private final String proto;
  private final String name;
  private final String clusterIp;
  private final String clusterChain;
  private final String localChain;
  private final String externalChain;
  private final String firewallChain;

  private final List<String> natServices = new ArrayList<>();
  private final List<String> natNodePorts = new ArrayList<>();
  private final List<String> filterServices = new ArrayList<>();
  private final List<String> filterExternal = new ArrayList<>();
  private final List<String> filterNodePorts = new ArrayList<>();
  private final List<String> filterFirewall = new ArrayList<>();
  private final List<IptablesChain> chains = new ArrayList<>();

  private IptablesPortGenerator(NodeFacts node, ServicePort sp, String clusterIp) {
    this.node = node;
    this.sp = sp;
    this.proto = sp.protocol().name().toLowerCase(Locale.ROOT);
    this.name = sp.name().toString();
    this.clusterIp = clusterIp;
    this.clusterChain = IptablesChainNames.service(sp.name(), proto);
    this.localChain = IptablesChainNames.local(sp.name(), proto);
    this.externalChain = IptablesChainNames.external(sp.name(), proto);
    this.firewallChain = IptablesChainNames.firewall(sp.name(), proto);
  }

  /** Empty when the port has no IPv4 cluster IP (these are iptables', not ip6tables', rules). */
  static Optional<PortChains> generate(NodeFacts node, ServicePort sp, List<Endpoint> endpoints) {
    return sp.clusterIps().stream().filter(Ipv4::isIpv4).findFirst()
        .map(ip -> new IptablesPortGenerator(node, sp, ip).build(endpoints));
  }

  private PortChains build(List<Endpoint> all) {
    EndpointCategories categories = EndpointCategories.of(node, sp, all);
    boolean hasEndpoints = categories.hasEndpoints();
    boolean hasInternal = categories.hasInternal(sp);
    boolean hasExternal = categories.hasExternal(sp);
    String internalChain = sp.internalPolicyLocal() ? localChain : clusterChain;
    String externalPolicyChain = sp.externalPolicyLocal() ? localChain : clusterChain;
    boolean usesExternalChain = hasEndpoints && sp.externallyAccessible();
    String externalTrafficChain = externalChain;
    // no endpoints at all: reject, a fast failure; endpoints elsewhere but none here for a Local policy: drop
    String filterTarget = hasEndpoints ? "DROP" : "REJECT";
    String filterComment = quote(name + (hasEndpoints ? " has no local endpoints" : " has no endpoints"));
    String port = Integer.toString(sp.port());
    String match = "-m " + proto + " -p " + proto;

    if (hasInternal) {
      natServices.add(comment(name + " cluster IP") + " " + match + " -d " + clusterIp + " --dport " + port + " -j " + internalChain);
    } else {
      filterServices.add("-m comment --comment " + filterComment + " " + match + " -d " + clusterIp + " --dport " + port
          + " -j " + filterTarget);
    }
    for (String ip : v4(sp.externalIps())) {
      if (hasEndpoints) {
        natServices.add(comment(name + " external IP") + " " + match + " -d " + ip + " --dport " + port + " -j " + externalTrafficChain);
      }
      if (!hasExternal) {
        filterExternal.add("-m comment --comment " + filterComment + " " + match + " -d " + ip + " --dport " + port + " -j " + filterTarget);
      }
    }
    List<String> lbIps = v4(sp.loadBalancerIps());
    boolean usesFirewall = !lbIps.isEmpty() && !sourceRanges().isEmpty();
    for (String ip : lbIps) {
      if (hasEndpoints) {
        natServices.add(comment(name + " loadbalancer IP") + " " + match + " -d " + ip + " --dport " + port + " -j "
            + (usesFirewall ? firewallChain : externalTrafficChain));
      }
      if (usesFirewall) {
        filterFirewall.add(comment(name + " traffic not accepted by " + firewallChain) + " " + match + " -d " + ip
            + " --dport " + port + " -j DROP");
      }
    }
    if (!hasExternal) {
      for (String ip : lbIps) {
        filterExternal.add("-m comment --comment " + filterComment + " " + match + " -d " + ip + " --dport " + port + " -j " + filterTarget);
      }
    }
    if (sp.nodePort().isPresent()) {
      int nodePort = sp.nodePort().getAsInt();
      // node ports are not subject to loadBalancerSourceRanges, as upstream
      if (hasEndpoints) natNodePorts.add(comment(name) + " " + match + " --dport " + nodePort + " -j " + externalTrafficChain);
      if (!hasExternal) {
        filterExternal.add("-m comment --comment " + filterComment + " -m addrtype --dst-type LOCAL " + match + " --dport "
            + nodePort + " -j " + filterTarget);
      }
    }
    sp.healthCheckNodePort().ifPresent(hc -> filterNodePorts.add(comment(name + " health check node port")
        + " -m tcp -p tcp --dport " + hc + " -j ACCEPT"));

    if (usesExternalChain) chains.add(new IptablesChain(externalChain, externalRules(hasExternal, externalPolicyChain)));
    if (usesFirewall) chains.add(new IptablesChain(firewallChain, firewallRules(externalTrafficChain)));
    Optional<SessionAffinity.ClientIp> affinity = sp.sessionAffinity() instanceof SessionAffinity.ClientIp c
        ? Optional.of(c) : Optional.empty();
    if (categories.usesClusterChain()) {
      List<String> rules = new ArrayList<>();
      Optional<String> clusterCidr = node.clusterCidr().filter(Ipv4::isCidr);
      // off-cluster clients reaching a cluster IP through this node: masqueraded, so replies come back here
      clusterCidr.ifPresent(cidr -> rules.add(comment(name + " cluster IP") + " " + match + " -d " + clusterIp
          + " --dport " + port + " ! -s " + cidr + " -j KUBE-MARK-MASQ"));
      rules.addAll(toEndpoints(categories.cluster(), affinity));
      chains.add(new IptablesChain(clusterChain, rules));
    }
    if (categories.usesLocalChain(sp)) chains.add(new IptablesChain(localChain, toEndpoints(categories.local(), affinity)));
    for (Endpoint e : categories.reachable()) {
      String chain = IptablesChainNames.endpoint(sp.name(), proto, e);
      List<String> rules = new ArrayList<>();
      // hairpin: a pod reaching itself through the service is masqueraded, or it would answer itself directly
      rules.add(comment(name) + " -s " + e.ip() + " -j KUBE-MARK-MASQ");
      rules.add(comment(name) + (affinity.isPresent() ? " -m recent --name " + chain + " --set" : "")
          + " " + match + " -j DNAT --to-destination " + e);
      chains.add(new IptablesChain(chain, rules));
    }
    return new PortChains(sp.name(), chains, new PortChains.SharedRules(natServices, natNodePorts, filterServices,
        filterExternal, filterNodePorts, filterFirewall));
  }

  private List<String> externalRules(boolean hasExternal, String externalPolicyChain) {
    List<String> rules = new ArrayList<>();
    if (!sp.externalPolicyLocal()) {
      // endpoints may be on another node: masquerade, so the reply returns through this one
      rules.add(comment("masquerade traffic for " + name + " external destinations") + " -j KUBE-MARK-MASQ");
    } else {
      node.clusterCidr().filter(Ipv4::isCidr).ifPresent(cidr -> rules.add(
          comment("pod traffic for " + name + " external destinations") + " -s " + cidr + " -j " + clusterChain));
      // the host's own traffic to an external address is treated as Cluster traffic, masqueraded
      rules.add(comment("masquerade LOCAL traffic for " + name + " external destinations")
          + " -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ");
      rules.add(comment("route LOCAL traffic for " + name + " external destinations") + " -m addrtype --src-type LOCAL -j "
          + clusterChain);
    }
    if (hasExternal) rules.add("-j " + externalPolicyChain);
    return rules;
  }

  private List<String> firewallRules(String externalTrafficChain) {
    List<String> rules = new ArrayList<>();
    String lb = comment(name + " loadbalancer IP");
    for (String cidr : sourceRanges()) rules.add(lb + " -s " + cidr + " -j " + externalTrafficChain);
    // a VIP bound locally makes the node's own requests come from the VIP: let them through
    boolean allowFromNode = node.primaryIp().map(ip -> sourceRanges().stream().anyMatch(c -> Ipv4.inCidr(ip, c))).orElse(false);
    if (allowFromNode) for (String ip : v4(sp.loadBalancerIps())) rules.add(lb + " -s " + ip + " -j " + externalTrafficChain);
    // what reaches the end was not DNATed: KUBE-PROXY-FIREWALL in the filter table drops it
    rules.add(comment("other traffic to " + name + " will be dropped by KUBE-PROXY-FIREWALL"));
    return rules;
  }

  private List<String> toEndpoints(List<Endpoint> endpoints, Optional<SessionAffinity.ClientIp> affinity) {
    List<String> rules = new ArrayList<>();
    affinity.ifPresent(a -> {
      for (Endpoint e : endpoints) {
        String sep = IptablesChainNames.endpoint(sp.name(), proto, e);
        rules.add(comment(name + " -> " + e) + " -m recent --name " + sep + " --rcheck --seconds "
            + a.timeoutSeconds() + " --reap -j " + sep);
      }
    });
    int n = endpoints.size();
    for (int i = 0; i < n; i++) {
      Endpoint e = endpoints.get(i);
      // each rule takes its share of what the earlier ones left: 1/n, 1/(n-1), ..., the last one all the rest
      String statistic = i < n - 1 ? String.format(Locale.ROOT, " -m statistic --mode random --probability %.10f", 1.0 / (n - i)) : "";
      rules.add(comment(name + " -> " + e) + statistic + " -j " + IptablesChainNames.endpoint(sp.name(), proto, e));
    }
    return rules;
  }

  private List<String> sourceRanges() { return sp.loadBalancerSourceRanges().stream().map(String::trim).filter(Ipv4::isCidr).toList(); }

  private static List<String> v4(List<String> ips) { return ips.stream().filter(Ipv4::isIpv4).toList(); }

  static String comment(String text) { return "-m comment --comment " + quote(text); }

  /** As iptables-save prints it: quoted only when it holds a space. */
  static String quote(String text) { return text.contains(" ") ? "\"" + text + "\"" : text; }
}
