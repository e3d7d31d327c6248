package dev.netkube.cli.cluster.routes;

import dev.netkube.cli.cluster.Cidr;
import java.util.List;
import java.util.Optional;

/**
 * What routing needs of a Node: its name, its pod CIDRs (spec.podCIDRs, IPv4 ones) and its
 * InternalIP (status.addresses).
 */
public record NodeRoute(String node, List<Cidr> podCidrs, Optional<String> internalIp) {
  public NodeRoute {
    podCidrs = List.copyOf(podCidrs);
  }
}
