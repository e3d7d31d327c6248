package dev.netkube.cli.cluster;

import java.util.List;
import java.util.Optional;

/**
 * What to do to bring the kernel to a plan: {@code ip} batches in order, then the host link's
 * alias (written through sysfs: iproute2's batch mode cannot quote every path).
 *
 * @param removedNetns namespaces the batches delete (whose processes must be ended first)
 * @param forwardingNetns namespaces that get {@code net.ipv4.ip_forward=1}
 */
public record LayoutChanges(List<IpBatch> batches, Optional<String> hostLinkAlias, List<String> removedNetns,
    List<String> forwardingNetns) {
  public LayoutChanges {
    batches = List.copyOf(batches);
    removedNetns = List.copyOf(removedNetns);
    forwardingNetns = List.copyOf(forwardingNetns);
  }

  /** Nothing but the sysctls to do: the layout is as planned. */
  public boolean linksComplete() {
    return batches.stream().allMatch(b -> b.lines().stream().allMatch(l -> l.startsWith("netns exec ")))
        && hostLinkAlias.isEmpty();
  }
}
