package dev.netkube.proxy.rules.nftables;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.ServicePortName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

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
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

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
        String hashed = base32(sha256(name)).substring(0, 8) + "-" + name;
        return hashed.length() > BASE_MAX ? hashed.substring(0, BASE_MAX - 3) + "..." : hashed;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Only the first 8 characters (40 bits, 5 bytes) are ever used, so padding never matters. */
    static String base32(byte[] data) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = buffer << 8 | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }
}
