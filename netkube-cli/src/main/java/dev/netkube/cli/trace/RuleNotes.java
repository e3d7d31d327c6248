package dev.netkube.cli.trace;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One line in plain words for each of kube-proxy's rule shapes (docs/proxy-nftables.md); none for a rule it does not know. */
final class RuleNotes {
  private static final Pattern NUMGEN = Pattern.compile("^numgen random mod (\\d+) vmap");
  /** netkube's endpoint choice: "numgen random mod K 0 goto endpoint-...", then a plain goto for the rest. */
  private static final Pattern SHARE = Pattern.compile("^numgen random mod (\\d+) 0 goto endpoint-");
  private static final Pattern DNAT = Pattern.compile("dnat to (\\S+)$");
  private static final Pattern OUTSIDE = Pattern.compile("ip saddr != (\\S+) jump mark-for-masquerade$");

  private RuleNotes() {}

  static Optional<String> note(String chain, String rule) {
    String r = rule.replaceFirst(" comment \"[^\"]*\"$", "");
    Matcher m;
    if (r.startsWith("ct state new jump ")) return Optional.of("a new connection: run " + r.substring("ct state new jump ".length()));
    if (r.equals("jump services")) return Optional.of("look for a service with this destination");
    if (r.endsWith("vmap @service-ips")) return Optional.of("is the destination a service's cluster, external or load-balancer IP and port?");
    if (r.endsWith("vmap @service-nodeports")) return Optional.of("is it a node port on one of this node's addresses?");
    if (r.endsWith("vmap @no-endpoint-services") || r.endsWith("vmap @no-endpoint-nodeports")) {
      return Optional.of("is it a service with no endpoint it may use here?");
    }
    if (r.endsWith("vmap @firewall-ips")) return Optional.of("is it a load-balancer IP with loadBalancerSourceRanges?");
    if (r.endsWith("@cluster-ips reject")) return Optional.of("a cluster IP, but not a port its service has: refuse");
    if (chain.equals("cluster-ips-check") && r.endsWith(" drop")) return Optional.of("in the service CIDR, but no service's: drop");
    if ((m = NUMGEN.matcher(r)).find()) {
      return Optional.of(m.group(1).equals("1") ? "the one endpoint" : "pick one of " + m.group(1) + " endpoints at random");
    }
    if ((m = SHARE.matcher(r)).find()) {
      return Optional.of("this endpoint for 1 in " + m.group(1) + " of the connections that got here, at random");
    }
    if ((chain.startsWith("service-") || chain.startsWith("local-")) && r.startsWith("goto endpoint-")) {
      return Optional.of("this endpoint for the rest");
    }
    if ((m = DNAT.matcher(r)).find()) return Optional.of("rewrite the destination to the endpoint " + m.group(1));
    if ((m = OUTSIDE.matcher(r)).find()) return Optional.of("the client is outside the cluster CIDR " + m.group(1) + ": mark it for masquerade");
    if (chain.startsWith("endpoint-") && r.startsWith("ip saddr ") && r.endsWith("jump mark-for-masquerade")) {
      return Optional.of("the endpoint itself (hairpin): mark it for masquerade");
    }
    if (r.endsWith("jump mark-for-masquerade")) return Optional.of("mark it for masquerade");
    if (r.equals("meta mark set meta mark | 0x00004000")) return Optional.of("set the masquerade bit (0x4000)");
    if (r.equals("jump masquerading")) return Optional.of("masquerade if marked");
    if (r.equals("meta mark & 0x00004000 == 0 return")) return Optional.of("not marked: keep the source address");
    if (r.equals("meta mark set meta mark ^ 0x00004000")) return Optional.of("marked: clear the bit");
    if (r.startsWith("masquerade")) return Optional.of("rewrite the source to this node's address on the way out");
    if (chain.startsWith("external-") && r.startsWith("goto service-")) return Optional.of("on to the service's endpoints (Cluster policy)");
    if (chain.startsWith("external-") && r.startsWith("goto local-")) return Optional.of("on to this node's endpoints only (Local policy)");
    if (chain.equals("reject-chain") && r.equals("reject")) return Optional.of("refuse: ICMP port unreachable, the client fails at once");
    if (r.contains(" drop") || r.equals("drop")) return Optional.of("drop: the client times out");
    return Optional.empty();
  }
}
