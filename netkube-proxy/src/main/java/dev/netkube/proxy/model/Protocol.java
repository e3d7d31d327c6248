package dev.netkube.proxy.model;

/** A service port's L4 protocol; {@link #nft()} is the spelling nftables (and chain names) use. */
public enum Protocol {
    TCP, UDP, SCTP;

    public String nft() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Kubernetes defaults an absent protocol to TCP. */
    public static Protocol of(String value) {
        return value == null || value.isEmpty() ? TCP : valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
