package dev.netkube.cli.cluster.routes;

import dev.netkube.cli.cluster.Ip;
import dev.netkube.cli.cluster.IpBatch;
import java.util.List;
import java.util.Optional;

/**
 * The routes of a device through iproute2: in this process's own namespace (the host's for the
 * server, the node's for an agent started in it), or in a named one ({@code ip -n}).
 */
public final class IpRouteTable implements RouteTable {
  private final Optional<String> netns;
  private final String device;

  public IpRouteTable(Optional<String> netns, String device) {
    this.netns = netns;
    this.device = device;
  }

  /** The device's routes in this process's own namespace. */
  public static IpRouteTable here(String device) { return new IpRouteTable(Optional.empty(), device); }

  @Override
  public DeviceRoutes read() {
    // -N: the protocol as its number, whatever /etc/iproute2/rt_protos calls it
    return DeviceRoutes.parse(device, Ip.json(netns, "-N", "-4", "route", "show", "table", "main", "dev", device));
  }

  @Override
  public void apply(List<String> commands) {
    Ip.run(new IpBatch(netns, commands));
  }

  @Override
  public String toString() {
    return "routes of " + device + netns.map(n -> " in namespace " + n).orElse("");
  }
}
