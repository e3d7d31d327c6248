package dev.netkube.proxy.userspace;

import dev.netkube.proxy.model.ServicePort;

/** A service port and the node port its listener took: what its portal rules redirect to. */
public record ProxiedPort(ServicePort port, int proxyPort) {}
