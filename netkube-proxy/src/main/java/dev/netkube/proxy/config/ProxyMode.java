package dev.netkube.proxy.config;

import java.util.Optional;

/**
 * kube-proxy's {@code mode}. Blank is upstream's "best available", which on Linux is iptables; netkube's own
 * ConfigMap asks for nftables explicitly. {@code userspace} left upstream in 1.26; netkube keeps it as its L4 proxy.
 */
public enum ProxyMode {
  IPTABLES("iptables"), NFTABLES("nftables"), IPVS("ipvs"), USERSPACE("userspace");

  private final String word;

  ProxyMode(String word) { this.word = word; }

  public String word() { return word; }

  /** The mode {@code text} names; blank is iptables, as upstream on Linux. */
  public static Optional<ProxyMode> of(String text) {
    if (text.isEmpty()) return Optional.of(IPTABLES);
    for (ProxyMode m : values()) if (m.word.equals(text)) return Optional.of(m);
    return Optional.empty();
  }
}
