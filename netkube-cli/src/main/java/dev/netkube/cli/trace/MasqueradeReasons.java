package dev.netkube.cli.trace;

/** Why kube-proxy marks a packet for masquerade, in words: the same reasons whichever rule layout asked for it. */
final class MasqueradeReasons {
  private MasqueradeReasons() {}

  static String outsideClusterCidr(TracePlan plan, String cidr) {
    return "the client " + plan.packet().sourceIp() + " is outside the cluster CIDR " + cidr
        + ": the reply must come back through " + plan.node() + " to be un-NATed";
  }

  static String hairpin(TracePlan plan) {
    return "hairpin: the pod " + plan.packet().sourceIp() + " reaches itself through its service, so it must not see its own address";
  }

  static String nodeToLocalPolicyExternal() {
    return "the node's own traffic to an external address of a Local-policy service, sent to the Cluster endpoints";
  }

  static String externalClusterPolicy(TracePlan plan) {
    return "external traffic (node port, external or load-balancer IP) of a Cluster-policy service: the endpoint may be on"
        + " another node, so the reply must come back through " + plan.node();
  }

  static String marked() { return "marked for masquerade"; }
}
