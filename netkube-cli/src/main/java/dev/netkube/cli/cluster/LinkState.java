package dev.netkube.cli.cluster;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One link as {@code ip -j -d addr show} reports it.
 *
 * @param ifindex its index in its namespace
 * @param peerIfindex a veth's peer's index (in the peer's namespace): iproute2's {@code link_index}
 * @param up administratively up (the UP flag)
 * @param master the bridge it is a port of
 * @param addresses its IPv4 addresses as {@code a.b.c.d/n}
 * @param kind {@code veth}, {@code bridge}, ... (empty for loopback and plain devices)
 */
public record LinkState(String name, int ifindex, OptionalInt peerIfindex, boolean up, Optional<String> master,
    List<String> addresses, String kind) {
  public LinkState {
    addresses = List.copyOf(addresses);
  }

  /** Whether this link and {@code other} are the two ends of one veth (each names the other's index). */
  public boolean pairedWith(LinkState other) {
    return "veth".equals(kind) && "veth".equals(other.kind)
        && peerIfindex.equals(OptionalInt.of(other.ifindex)) && other.peerIfindex.equals(OptionalInt.of(ifindex));
  }
}
