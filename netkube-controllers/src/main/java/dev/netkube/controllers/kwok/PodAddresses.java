package dev.netkube.controllers.kwok;

import dev.netkube.controllers.nodeipam.Ipv4;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pod IPs of fake nodes, as host-local IPAM would give them on a real node: from the node's
 * podCIDR, skipping the network address, the bridge gateway (.1) and the broadcast address,
 * the lowest free first. Pure; rebuilt from the pods' current IPs.
 */
public final class PodAddresses {
  private final Map<String, Set<Long>> usedByCidr = new HashMap<>();

  public synchronized void occupy(String podCidr, String ip) {
    Ipv4.Cidr cidr = Ipv4.Cidr.parse(podCidr);
    long address = Ipv4.parse(ip);
    if (cidr.contains(address)) usedByCidr.computeIfAbsent(cidr.toString(), k -> new HashSet<>()).add(address);
  }

  public synchronized Optional<String> allocate(String podCidr) {
    Ipv4.Cidr cidr = Ipv4.Cidr.parse(podCidr);
    Set<Long> used = usedByCidr.computeIfAbsent(cidr.toString(), k -> new HashSet<>());
    for (long a = cidr.network() + 2; a < cidr.network() + cidr.size() - 1; a++) {
      if (used.add(a)) return Optional.of(Ipv4.format(a));
    }
    return Optional.empty();
  }

  public synchronized void release(String podCidr, String ip) {
    Set<Long> used = usedByCidr.get(Ipv4.Cidr.parse(podCidr).toString());
    if (used != null) used.remove(Ipv4.parse(ip));
  }
}
