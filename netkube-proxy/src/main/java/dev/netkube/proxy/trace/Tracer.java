package dev.netkube.proxy.trace;

/** Runs a packet through one node's rules: nftables' or iptables'. */
public interface Tracer {
  Trace trace(Packet packet);
}
