package dev.netkube.cli.cluster.routes;

import dev.netkube.cli.cluster.Cidr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * kubenet's (host-gw's) routes: each other node's pod CIDR via that node's InternalIP, but only
 * where that keeps traffic inside netkube's LAN: the gateway on the device's own link (never an
 * address elsewhere, so nothing is routed off the machine), the pod CIDR inside the cluster CIDR.
 * Pure.
 */
public final class WantedRoutes {
  private WantedRoutes() {}

  public static List<Route> of(RouteScope scope, DeviceRoutes device, List<NodeRoute> nodes) {
    List<NodeRoute> byName = new ArrayList<>(nodes);
    byName.sort(Comparator.comparing(NodeRoute::node)); // two nodes claiming one CIDR: the first name wins, every time
    Set<Cidr> taken = new HashSet<>();
    List<Route> wanted = new ArrayList<>();
    for (NodeRoute n : byName) {
      if (scope.selfNode().filter(n.node()::equals).isPresent()) continue;
      if (n.internalIp().isEmpty()) continue;
      String gateway = n.internalIp().get();
      if (!device.onLink(gateway) || device.ownAddresses().contains(gateway)) continue;
      for (Cidr cidr : n.podCidrs()) {
        if (!scope.clusterPodCidr().contains(cidr) || !taken.add(cidr)) continue;
        wanted.add(new Route(cidr, gateway, scope.device()));
      }
    }
    wanted.sort(null);
    return wanted;
  }
}
