package dev.netkube.cli.cluster.routes;

import dev.netkube.cli.cluster.Cidr;

/** A route netkube keeps: a node's pod CIDR via its LAN address, out of one device. */
public record Route(Cidr destination, String gateway, String device) implements Comparable<Route> {
  /**
   * The routing protocol number netkube's routes carry ({@code proto 78}), so that only its own
   * routes are ever changed or removed (the kernel's and the CNI bridge's stay as they are).
   */
  public static final int PROTOCOL = 78;

  /** The {@code ip route} arguments after the verb: {@code 10.244.1.0/24 via 192.168.10.3 dev eth0 proto 78}. */
  public String spec() {
    return destination + " via " + gateway + " dev " + device + " proto " + PROTOCOL;
  }

  @Override
  public int compareTo(Route o) { return destination.compareTo(o.destination); }
}
