package dev.netkube.proxy.rules.iptables;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.ServicePortName;
import dev.netkube.proxy.rules.Sha256Base32;

/**
 * kube-proxy's iptables chain names: a prefix and the first 16 characters of the base32 SHA-256 of the service port's
 * name ({@code ns/svc:port}), its protocol in lower case and, for an endpoint chain, {@code ip:port}. iptables allows
 * 28 characters; every name here has 25.
 */
public final class IptablesChainNames {
  private IptablesChainNames() {}

  /** The Cluster policy chain: all of the port's endpoints. */
  public static String service(ServicePortName name, String protocol) { return "KUBE-SVC-" + hash(name, protocol); }

  /** The Local policy chain: this node's endpoints. */
  public static String local(ServicePortName name, String protocol) { return "KUBE-SVL-" + hash(name, protocol); }

  /** Traffic from outside (node ports, external and LB IPs): masquerade, policy. */
  public static String external(ServicePortName name, String protocol) { return "KUBE-EXT-" + hash(name, protocol); }

  /** loadBalancerSourceRanges. */
  public static String firewall(ServicePortName name, String protocol) { return "KUBE-FW-" + hash(name, protocol); }

  public static String endpoint(ServicePortName name, String protocol, Endpoint endpoint) {
    return "KUBE-SEP-" + Sha256Base32.of(name + protocol + endpoint, 16);
  }

  /** Whether {@code chain} is one of a service port's (the fixed chains are not). */
  public static boolean isServiceChain(String chain) {
    return chain.startsWith("KUBE-SVC-") || chain.startsWith("KUBE-SVL-") || chain.startsWith("KUBE-EXT-")
        || chain.startsWith("KUBE-FW-") || chain.startsWith("KUBE-SEP-");
  }

  private static String hash(ServicePortName name, String protocol) { return Sha256Base32.of(name + protocol, 16); }
}
