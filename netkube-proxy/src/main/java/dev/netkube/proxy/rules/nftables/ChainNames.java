package dev.netkube.proxy.rules.nftables;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.ServicePortName;
import dev.netkube.proxy.rules.Sha256Base32;

/**
 * kube-proxy's names for per-service-port chains and sets: a prefix ({@code service-},
 * {@code local-}, {@code external-}, {@code firewall-}, {@code endpoint-}, {@code affinity-}),
 * then the first 8 characters of the base32 (RFC 4648, upper case) SHA-256 of the readable
 * name, a dash and the readable name {@code ns/svc/proto/portname[__ip/port]}. The hash keeps
 * names distinct after truncation and tells near-identical names apart at a glance; the
 * {@code /} marks a chain as a service chain (no fixed chain name has one).
 */
public final class ChainNames {
    /** nft's name limit (256) less the longest prefix kube-proxy reserves (16). */
    private static final int BASE_MAX = 256 - 16;

    private ChainNames() {}

    public static String servicePortBase(ServicePortName name, String protocol) {
        return hashAndTruncate(name.namespace() + "/" + name.name() + "/" + protocol + "/" + name.port());
    }

    public static String endpointBase(ServicePortName name, String protocol, Endpoint endpoint) {
        return hashAndTruncate(name.namespace() + "/" + name.name() + "/" + protocol + "/" + name.port()
                + "__" + endpoint.ip() + "/" + endpoint.port());
    }

    public static boolean isServiceChain(String chain) {
        return chain.contains("/");
    }

    static String hashAndTruncate(String name) {
        String hashed = Sha256Base32.of(name, 8) + "-" + name;
        return hashed.length() > BASE_MAX ? hashed.substring(0, BASE_MAX - 3) + "..." : hashed;
    }
}
