package dev.netkube.proxy.model;

import java.util.Comparator;

/**
 * Identity of one port of one service: namespace, service name and the port's name (empty for
 * a service's single unnamed port), as kube-proxy's ServicePortName. Endpoints are keyed by it.
 */
public record ServicePortName(String namespace, String name, String port) implements Comparable<ServicePortName> {
    private static final Comparator<ServicePortName> ORDER = Comparator.comparing(ServicePortName::namespace)
            .thenComparing(ServicePortName::name).thenComparing(ServicePortName::port);

    public ServicePortName {
        requireText(namespace, "namespace");
        requireText(name, "name");
        if (port == null) {
            throw new IllegalArgumentException("port name must not be null (use \"\")");
        }
    }

    /** Upstream's String(): {@code ns/svc:port}, or {@code ns/svc} for an unnamed port. */
    @Override
    public String toString() {
        return namespace + "/" + name + (port.isEmpty() ? "" : ":" + port);
    }

    @Override
    public int compareTo(ServicePortName other) {
        return ORDER.compare(this, other);
    }

    static void requireText(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }
}
