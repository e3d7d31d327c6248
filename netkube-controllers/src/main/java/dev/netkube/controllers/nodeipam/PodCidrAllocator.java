package dev.netkube.controllers.nodeipam;

import java.util.BitSet;
import java.util.Optional;

/**
 * The node IPAM controller's range allocator (kube-controller-manager --allocate-node-cidrs):
 * hands each node one subnet (a /24 by default) of the cluster CIDR, the lowest free first.
 * Pure and deterministic; rebuilt at start by {@link #occupy} for every node's podCIDR.
 */
public final class PodCidrAllocator {
  private final Ipv4.Cidr cluster;
  private final int nodeMask;
  private final BitSet used;
  private final int count;

  public PodCidrAllocator(String clusterCidr, int nodeMaskSize) {
    this.cluster = Ipv4.Cidr.parse(clusterCidr);
    if (nodeMaskSize < cluster.prefix() || nodeMaskSize > 30) {
      throw new IllegalArgumentException("node mask /" + nodeMaskSize + " does not fit the cluster CIDR " + clusterCidr);
    }
    this.nodeMask = nodeMaskSize;
    this.count = 1 << (nodeMaskSize - cluster.prefix());
    this.used = new BitSet(count);
  }

  /** Marks a node's existing podCIDR as taken; false when it is not one of this range's subnets. */
  public boolean occupy(String podCidr) {
    Optional<Integer> index = indexOf(podCidr);
    index.ifPresent(used::set);
    return index.isPresent();
  }

  public Optional<String> allocate() {
    int free = used.nextClearBit(0);
    if (free >= count) return Optional.empty();
    used.set(free);
    return Optional.of(subnet(free));
  }

  public void release(String podCidr) { indexOf(podCidr).ifPresent(used::clear); }

  public int allocated() { return used.cardinality(); }

  private String subnet(int index) {
    return Ipv4.format(cluster.network() + ((long) index << (32 - nodeMask))) + "/" + nodeMask;
  }

  private Optional<Integer> indexOf(String podCidr) {
    Ipv4.Cidr c;
    try {
      c = Ipv4.Cidr.parse(podCidr);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (c.prefix() != nodeMask || !cluster.contains(c.network())) return Optional.empty();
    return Optional.of((int) ((c.network() - cluster.network()) >> (32 - nodeMask)));
  }
}
