package dev.netkube.proxy.model;

import java.util.Comparator;
import java.util.Optional;

/**
 * One backend of a service port, from an EndpointSlice: address, target port, the slice's
 * conditions (ready, serving, terminating) and where it runs.
 */
public record Endpoint(String ip, int port, boolean ready, boolean serving, boolean terminating,
        Optional<String> nodeName, Optional<String> zone) {

    /** Sorted by address then port, so generated rules do not depend on slice order. */
    public static final Comparator<Endpoint> ORDER = Comparator.comparing((Endpoint e) -> Ipv4.toLong(e.ip()))
            .thenComparingInt(Endpoint::port);

    public Endpoint {
        ServicePortName.requireText(ip, "endpoint ip");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint port out of range: " + port);
        }
    }

    public static Endpoint ready(String ip, int port, String nodeName) {
        return new Endpoint(ip, port, true, true, false, Optional.of(nodeName), Optional.empty());
    }

    /** Terminating but still serving: the fallback when a port has no ready endpoint. */
    public static Endpoint terminating(String ip, int port, String nodeName) {
        return new Endpoint(ip, port, false, true, true, Optional.of(nodeName), Optional.empty());
    }

    public boolean isLocalTo(String node) {
        return nodeName.map(node::equals).orElse(false);
    }

    public boolean servingTerminating() {
        return serving && terminating;
    }

    /** {@code ip:port}, as kube-proxy prints an endpoint (also part of its chain name). */
    @Override
    public String toString() {
        return ip + ":" + port;
    }
}
