package dev.netkube.cli.cluster.routes;

import dev.netkube.cli.cluster.Cidr;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Maps a fabric8 Node to what routing needs of it ({@link NodeRoute}). */
public final class NodeRoutes {
  private NodeRoutes() {}

  public static NodeRoute of(Node node) {
    Set<String> cidrs = new LinkedHashSet<>();
    if (node.getSpec() != null) {
      if (node.getSpec().getPodCIDRs() != null) cidrs.addAll(node.getSpec().getPodCIDRs());
      if (node.getSpec().getPodCIDR() != null) cidrs.add(node.getSpec().getPodCIDR());
    }
    List<Cidr> podCidrs = new ArrayList<>();
    for (String c : cidrs) {
      if (c == null || c.contains(":")) continue; // IPv6: the cluster is IPv4
      try {
        podCidrs.add(Cidr.parse(c));
      } catch (IllegalArgumentException e) {
        // not a network address: the API server validates podCIDR, so only a foreign server sends one
      }
    }
    Optional<String> internal = Optional.empty();
    if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
      for (NodeAddress a : node.getStatus().getAddresses()) {
        if ("InternalIP".equals(a.getType()) && a.getAddress() != null && Cidr.parseAddress(a.getAddress()).isPresent()) {
          internal = Optional.of(a.getAddress());
          break;
        }
      }
    }
    return new NodeRoute(node.getMetadata().getName(), podCidrs, internal);
  }
}
