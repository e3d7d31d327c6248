package dev.netkube.cli.cluster;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What the cluster's network layout is made from (DESIGN.md's table), validated: a name prefix
 * for everything made in the kernel, the LAN, the number of nodes, and the pod and service CIDRs
 * the host must not already use.
 *
 * @param prefix names the network namespaces ({@code <prefix>-lan}, {@code <prefix>-node-1}) and
 *     the host's link ({@code <prefix>-lan}); tests and a second netkube use their own
 * @param lan the cluster LAN: the host is its first address, node i the (1+i)th, the lan client
 *     the last
 * @param nodes how many nodes (node-1 .. node-N)
 * @param podCidr the cluster CIDR node-ipam carves each node's /24 from
 * @param serviceCidr the service cluster IP range (only checked against the host's routes)
 */
public record LayoutSpec(String prefix, Cidr lan, int nodes, Cidr podCidr, Cidr serviceCidr) {
  public static final String DEFAULT_PREFIX = "nk";
  public static final Cidr DEFAULT_LAN = Cidr.parse("192.168.10.0/24");
  public static final Cidr DEFAULT_POD_CIDR = Cidr.parse("10.244.0.0/16");
  public static final Cidr DEFAULT_SERVICE_CIDR = Cidr.parse("10.96.0.0/12");
  /** The longest prefix: {@code <prefix>-lan} must fit Linux's 15-character interface names. */
  public static final int MAX_PREFIX_LENGTH = 11;
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0," + (MAX_PREFIX_LENGTH - 1) + "}");
  /** Addresses of the LAN that are not nodes': network, host, lan client, broadcast. */
  static final int RESERVED_LAN_ADDRESSES = 4;
  /** Ranges no LAN may sit in: "this network", loopback, link-local, multicast and reserved. */
  private static final List<Cidr> UNUSABLE = List.of(Cidr.parse("0.0.0.0/8"), Cidr.parse("127.0.0.0/8"),
      Cidr.parse("169.254.0.0/16"), Cidr.parse("224.0.0.0/3"));

  public LayoutSpec {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("--prefix " + prefix + ": use 1 to " + MAX_PREFIX_LENGTH
          + " lower-case letters or digits, starting with a letter (it names network namespaces and the host's link "
          + "<prefix>-lan, and Linux allows interface names of 15 characters)");
    }
    if (lan.prefix() < 16 || lan.prefix() > 29) {
      throw new IllegalArgumentException("--lan-cidr " + lan + ": the LAN must be a /16 to /29 network");
    }
    for (Cidr unusable : UNUSABLE) {
      if (unusable.overlaps(lan)) {
        throw new IllegalArgumentException("--lan-cidr " + lan + " is in " + unusable + ", which is not for hosts");
      }
    }
    if (podCidr.prefix() > 24) {
      throw new IllegalArgumentException("--pod-cidr " + podCidr + ": it must hold at least one node's /24");
    }
    if (podCidr.overlaps(lan)) {
      throw new IllegalArgumentException("--pod-cidr " + podCidr + " overlaps the LAN " + lan);
    }
    if (serviceCidr.overlaps(lan) || serviceCidr.overlaps(podCidr)) {
      throw new IllegalArgumentException("the service CIDR " + serviceCidr + " overlaps "
          + (serviceCidr.overlaps(lan) ? "the LAN " + lan : "the pod CIDR " + podCidr));
    }
    long max = maxNodes(lan);
    if (nodes < 1 || nodes > max) {
      throw new IllegalArgumentException("--nodes " + nodes + ": the LAN " + lan + " holds 1 to " + max
          + " nodes (its first address is the host's, its last the lan client's)");
    }
  }

  /** The defaults of DESIGN.md with this many nodes. */
  public static LayoutSpec defaults(int nodes) {
    return new LayoutSpec(DEFAULT_PREFIX, DEFAULT_LAN, nodes, DEFAULT_POD_CIDR, DEFAULT_SERVICE_CIDR);
  }

  public LayoutSpec withNodes(int n) { return new LayoutSpec(prefix, lan, n, podCidr, serviceCidr); }

  static long maxNodes(Cidr lan) { return lan.size() - RESERVED_LAN_ADDRESSES; }
}
