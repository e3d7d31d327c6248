package dev.netkube.proxy.rules.iptables;

import java.util.List;

/** The rules in the built-in chains that lead into kube-proxy's, as upstream's iptablesJumpChains. */
public final class IptablesJumps {
  /** One jump: in {@code table}'s built-in {@code from}, to {@code to}. */
  public record Jump(String table, String from, String to, String comment, boolean newOnly) {
    /** The rule as iptables arguments (no shell quoting: one argument per element). */
    public List<String> args() {
      return newOnly ? List.of("-m", "conntrack", "--ctstate", "NEW", "-m", "comment", "--comment", comment, "-j", to)
          : List.of("-m", "comment", "--comment", comment, "-j", to);
    }
  }

  public static final List<Jump> ALL = List.of(
      new Jump("filter", "INPUT", "KUBE-EXTERNAL-SERVICES", "kubernetes externally-visible service portals", true),
      new Jump("filter", "FORWARD", "KUBE-EXTERNAL-SERVICES", "kubernetes externally-visible service portals", true),
      new Jump("filter", "INPUT", "KUBE-NODEPORTS", "kubernetes health check service ports", false),
      new Jump("filter", "FORWARD", "KUBE-SERVICES", "kubernetes service portals", true),
      new Jump("filter", "OUTPUT", "KUBE-SERVICES", "kubernetes service portals", true),
      new Jump("filter", "FORWARD", "KUBE-FORWARD", "kubernetes forwarding rules", false),
      new Jump("filter", "INPUT", "KUBE-PROXY-FIREWALL", "kubernetes load balancer firewall", true),
      new Jump("filter", "OUTPUT", "KUBE-PROXY-FIREWALL", "kubernetes load balancer firewall", true),
      new Jump("filter", "FORWARD", "KUBE-PROXY-FIREWALL", "kubernetes load balancer firewall", true),
      new Jump("nat", "OUTPUT", "KUBE-SERVICES", "kubernetes service portals", false),
      new Jump("nat", "PREROUTING", "KUBE-SERVICES", "kubernetes service portals", false),
      new Jump("nat", "POSTROUTING", "KUBE-POSTROUTING", "kubernetes postrouting rules", false));

  /** Every fixed chain of the iptables mode (per table), for cleaning up after it. */
  public static final List<String> FIXED_CHAINS = List.of("KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-NODEPORTS",
      "KUBE-FORWARD", "KUBE-PROXY-FIREWALL", "KUBE-MARK-MASQ", "KUBE-POSTROUTING");

  private IptablesJumps() {}
}
