package dev.netkube.cli.cluster.routes;

import dev.netkube.cli.cluster.Cidr;
import java.util.Optional;

/**
 * Whose routing table a {@link RouteKeeper} keeps.
 *
 * @param device the link towards the LAN: {@code eth0} in a node's namespace, {@code <prefix>-lan}
 *     on the host
 * @param selfNode the node whose namespace this is (its own pod CIDR is its pod bridge's, not
 *     routed); empty on the host
 * @param clusterPodCidr the cluster CIDR: a node's podCIDR outside it is never routed (a podCIDR of
 *     0.0.0.0/0 must not turn into a default route into the LAN)
 */
public record RouteScope(String device, Optional<String> selfNode, Cidr clusterPodCidr) {
  /** The host's scope: every node's pod CIDR via the host's link into the LAN. */
  public static RouteScope host(String hostLink, Cidr clusterPodCidr) {
    return new RouteScope(hostLink, Optional.empty(), clusterPodCidr);
  }

  /** A node's scope: every other node's pod CIDR via {@code eth0}. */
  public static RouteScope node(String nodeName, String device, Cidr clusterPodCidr) {
    return new RouteScope(device, Optional.of(nodeName), clusterPodCidr);
  }
}
