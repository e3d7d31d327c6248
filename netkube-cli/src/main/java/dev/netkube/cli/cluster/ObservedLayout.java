package dev.netkube.cli.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the kernel has of a layout: which of its namespaces exist, the links in each, and the
 * host's link into the LAN.
 *
 * @param netns names of the network namespaces in /run/netns (all of them, not only netkube's)
 * @param unreadable namespaces that exist but could not be looked into (a stale mount point)
 * @param links the links of each namespace that was looked into
 * @param hostLink the host's link of the plan, when it exists
 * @param hostLinkAlias that link's alias (its owner, see {@link Ownership})
 */
public record ObservedLayout(Set<String> netns, Set<String> unreadable, Map<String, List<LinkState>> links,
    Optional<LinkState> hostLink, Optional<String> hostLinkAlias) {
  public ObservedLayout {
    netns = Set.copyOf(netns);
    unreadable = Set.copyOf(unreadable);
    links = Map.copyOf(links);
  }

  /** Nothing of any layout. */
  public static ObservedLayout empty() {
    return new ObservedLayout(Set.of(), Set.of(), Map.of(), Optional.empty(), Optional.empty());
  }

  /** A readable namespace's link of this name. */
  public Optional<LinkState> link(String netnsName, String linkName) {
    return links.getOrDefault(netnsName, List.of()).stream().filter(l -> l.name().equals(linkName)).findFirst();
  }

  public boolean usable(String netnsName) {
    return netns.contains(netnsName) && !unreadable.contains(netnsName);
  }
}
