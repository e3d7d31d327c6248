package dev.netkube.cli.trace;

import java.util.Map;
import java.util.Optional;

/**
 * The cluster's layout on this machine (from {@code $NETKUBE_HOME/layout.json}): the host's and the lan client's LAN
 * addresses, the service CIDR nothing on the LAN has a route to, and each node's network namespace.
 */
public record Network(String hostIp, String clientIp, String serviceCidr, Map<String, String> nodeNetns) {
  public Network {
    nodeNetns = Map.copyOf(nodeNetns);
  }

  public Optional<String> netns(String node) {
    return Optional.ofNullable(nodeNetns.get(node));
  }
}
