package dev.netkube.cli.server;

import dev.netkube.cli.cluster.Cidr;
import dev.netkube.cli.cluster.LayoutSpec;
import java.util.Optional;

/**
 * The server role's part in the pod network: the cluster CIDR node-ipam hands out node /24s
 * from (kube-controller-manager's --cluster-cidr), and the host's link into the cluster LAN, on
 * which it keeps a route to each node's pod CIDR (kube-controller-manager's route controller,
 * with this host as the "cloud" router).
 *
 * @param hostLink empty: no host routes (no layout, e.g. {@code netkube server} alone)
 */
public record PodNetwork(Cidr clusterCidr, Optional<String> hostLink) {
  public static final PodNetwork DEFAULT = new PodNetwork(LayoutSpec.DEFAULT_POD_CIDR, Optional.empty());
}
