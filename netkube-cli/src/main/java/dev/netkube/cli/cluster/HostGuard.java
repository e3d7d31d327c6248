package dev.netkube.cli.cluster;

/**
 * The one nftables table the layout puts in the host's namespace: the host forwards nothing to or
 * from the cluster LAN. netkube never turns the host's forwarding on (the host is an end point
 * on the LAN: what it sends to pods, NodePorts and LB addresses leaves from its own address, and
 * the answers come back to it), but a host may forward already (Docker turns it on); then this
 * table keeps the LAN from becoming a way off the machine, or into it. Pure.
 */
public final class HostGuard {
  private HostGuard() {}

  /** The table's name: {@code inet <prefix>-guard}. */
  public static String table(String prefix) { return "inet " + prefix + "-guard"; }

  /** An {@code nft -f} script that (re)creates the table in one transaction. */
  public static String script(String prefix, String hostLink) {
    String table = table(prefix);
    // "add, delete, add" makes the transaction idempotent: no duplicate rules on a re-run
    return "table " + table + "\n"
        + "delete table " + table + "\n"
        + "table " + table + " {\n"
        + "  chain forward {\n"
        + "    type filter hook forward priority filter - 10; policy accept;\n"
        + "    iifname \"" + hostLink + "\" counter drop comment \"netkube: the host forwards nothing from the cluster LAN\"\n"
        + "    oifname \"" + hostLink + "\" counter drop comment \"netkube: the host forwards nothing to the cluster LAN\"\n"
        + "  }\n"
        + "}\n";
  }
}
