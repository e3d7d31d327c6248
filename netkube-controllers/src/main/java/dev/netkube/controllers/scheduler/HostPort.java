package dev.netkube.controllers.scheduler;

/** A container port with a hostPort: protocol, host IP ("0.0.0.0" when unset) and port. */
public record HostPort(String protocol, String hostIp, int port) {
  static final String ANY = "0.0.0.0";

  /** Same protocol and port, and one of the IPs is the wildcard or both are equal. */
  boolean conflicts(HostPort o) {
    return port == o.port && protocol.equals(o.protocol)
        && (hostIp.equals(ANY) || o.hostIp.equals(ANY) || hostIp.equals(o.hostIp));
  }
}
