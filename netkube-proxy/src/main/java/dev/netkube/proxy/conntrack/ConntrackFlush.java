package dev.netkube.proxy.conntrack;

/** One deletion of UDP conntrack entries that would misdirect packets after a change of endpoints. */
public sealed interface ConntrackFlush {
  /**
   * Entries to {@code ip:port} (a service IP that just got its first endpoint): packets sent while there was none
   * made entries that are not DNATed, and a client reusing its source port (a DNS resolver) would keep missing.
   */
  record ToServiceIp(String ip, int port) implements ConntrackFlush {}

  /** Entries from a service IP DNATed to an endpoint that is gone: replies would never come. */
  record ToGoneEndpoint(String serviceIp, String endpointIp) implements ConntrackFlush {}

  /** Entries to a node port DNATed to an endpoint that is gone. */
  record NodePortToGoneEndpoint(int nodePort, String endpointIp) implements ConntrackFlush {}
}
