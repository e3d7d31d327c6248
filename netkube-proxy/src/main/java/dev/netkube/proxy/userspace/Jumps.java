package dev.netkube.proxy.userspace;

import java.util.ArrayList;
import java.util.List;

/**
 * The jumps from the built-in chains into the userspace proxy's chains, as upstream's iptablesInit ensures them:
 * the portal chains first in nat PREROUTING and OUTPUT (service IPs before node ports), the node-port chains last
 * (they match any local address), the non-local node-port chain first in filter INPUT. iptables-restore cannot
 * "ensure" a rule, so a sync reads the tables (iptables-save) and adds only the jumps missing from them.
 */
public final class Jumps {
  static final String PORTALS_COMMENT = "handle ClusterIPs; NOTE: this must be before the NodePort rules";
  static final String NODEPORTS_COMMENT = "handle service NodePorts; NOTE: this must be the last rule in the chain";
  static final String NON_LOCAL_COMMENT = "Ensure that non-local NodePort traffic can flow";

  private Jumps() {}

  /** One jump: the built-in chain, the rule as iptables-restore takes it, and the chain it jumps to. */
  record Jump(String table, String from, String rule, String to) {}

  static final List<Jump> ALL = List.of(
      new Jump("nat", "PREROUTING", "-I PREROUTING 1 -m comment --comment \"" + PORTALS_COMMENT + "\" -j "
          + PortalRules.CONTAINER_PORTALS, PortalRules.CONTAINER_PORTALS),
      new Jump("nat", "OUTPUT", "-I OUTPUT 1 -m comment --comment \"" + PORTALS_COMMENT + "\" -j " + PortalRules.HOST_PORTALS,
          PortalRules.HOST_PORTALS),
      new Jump("nat", "PREROUTING", "-A PREROUTING -m addrtype --dst-type LOCAL -m comment --comment \"" + NODEPORTS_COMMENT
          + "\" -j " + PortalRules.CONTAINER_NODEPORTS, PortalRules.CONTAINER_NODEPORTS),
      new Jump("nat", "OUTPUT", "-A OUTPUT -m addrtype --dst-type LOCAL -m comment --comment \"" + NODEPORTS_COMMENT
          + "\" -j " + PortalRules.HOST_NODEPORTS, PortalRules.HOST_NODEPORTS),
      new Jump("filter", "INPUT", "-I INPUT 1 -m comment --comment \"" + NON_LOCAL_COMMENT + "\" -j "
          + PortalRules.NON_LOCAL_NODEPORTS, PortalRules.NON_LOCAL_NODEPORTS));

  /**
   * The restore lines of the jumps of {@code table} missing from its {@code iptables-save -t TABLE} output (any
   * rule of the built-in chain that jumps to our chain counts: iptables-save reorders a rule's matches).
   */
  public static List<String> missing(String table, String saved) {
    List<String> out = new ArrayList<>();
    for (Jump j : ALL) {
      if (!j.table().equals(table)) continue;
      boolean present = saved.lines().anyMatch(l -> l.startsWith("-A " + j.from() + " ") && l.endsWith(" -j " + j.to()));
      if (!present) out.add(j.rule());
    }
    return out;
  }
}
