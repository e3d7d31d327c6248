package dev.netkube.proxy.model;

import java.util.List;
import java.util.OptionalInt;

/**
 * One port of one service as the proxy sees it: the addresses that capture traffic (cluster IPs,
 * external IPs, load-balancer ingress IPs, the node port) and the policies that pick endpoints.
 */
public record ServicePort(
        ServicePortName name,
        Protocol protocol,
        List<String> clusterIps,
        int port,
        OptionalInt nodePort,
        List<String> externalIps,
        List<String> loadBalancerIps,
        List<String> loadBalancerSourceRanges,
        SessionAffinity sessionAffinity,
        TrafficPolicy externalTrafficPolicy,
        TrafficPolicy internalTrafficPolicy,
        OptionalInt healthCheckNodePort) {

    public ServicePort {
        clusterIps = List.copyOf(clusterIps);
        externalIps = List.copyOf(externalIps);
        loadBalancerIps = List.copyOf(loadBalancerIps);
        loadBalancerSourceRanges = List.copyOf(loadBalancerSourceRanges);
        if (clusterIps.isEmpty()) {
            throw new IllegalArgumentException(name + ": a proxied service port needs a cluster IP");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + ": port out of range: " + port);
        }
    }

    /** A ClusterIP service port with Cluster policies and no affinity; tests and callers refine it with the withers. */
    public static ServicePort clusterIp(ServicePortName name, Protocol protocol, String clusterIp, int port) {
        return new ServicePort(name, protocol, List.of(clusterIp), port, OptionalInt.empty(), List.of(), List.of(),
                List.of(), SessionAffinity.none(), TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, OptionalInt.empty());
    }

    public ServicePort withNodePort(int nodePort) {
        return new ServicePort(name, protocol, clusterIps, port, OptionalInt.of(nodePort), externalIps,
                loadBalancerIps, loadBalancerSourceRanges, sessionAffinity, externalTrafficPolicy,
                internalTrafficPolicy, healthCheckNodePort);
    }

    public ServicePort withExternalIps(List<String> ips) {
        return new ServicePort(name, protocol, clusterIps, port, nodePort, ips, loadBalancerIps,
                loadBalancerSourceRanges, sessionAffinity, externalTrafficPolicy, internalTrafficPolicy,
                healthCheckNodePort);
    }

    public ServicePort withLoadBalancer(List<String> ingressIps, List<String> sourceRanges) {
        return new ServicePort(name, protocol, clusterIps, port, nodePort, externalIps, ingressIps, sourceRanges,
                sessionAffinity, externalTrafficPolicy, internalTrafficPolicy, healthCheckNodePort);
    }

    public ServicePort withSessionAffinity(SessionAffinity affinity) {
        return new ServicePort(name, protocol, clusterIps, port, nodePort, externalIps, loadBalancerIps,
                loadBalancerSourceRanges, affinity, externalTrafficPolicy, internalTrafficPolicy,
                healthCheckNodePort);
    }

    public ServicePort withTrafficPolicies(TrafficPolicy external, TrafficPolicy internal) {
        return new ServicePort(name, protocol, clusterIps, port, nodePort, externalIps, loadBalancerIps,
                loadBalancerSourceRanges, sessionAffinity, external, internal, healthCheckNodePort);
    }

    public ServicePort withHealthCheckNodePort(int port) {
        return new ServicePort(name, protocol, clusterIps, this.port, nodePort, externalIps, loadBalancerIps,
                loadBalancerSourceRanges, sessionAffinity, externalTrafficPolicy, internalTrafficPolicy,
                OptionalInt.of(port));
    }

    /** NodePort, externalIPs or LB ingress: reached from outside, so subject to externalTrafficPolicy. */
    public boolean externallyAccessible() {
        return nodePort.isPresent() || !externalIps.isEmpty() || !loadBalancerIps.isEmpty();
    }

    public boolean externalPolicyLocal() {
        return externallyAccessible() && externalTrafficPolicy == TrafficPolicy.LOCAL;
    }

    public boolean internalPolicyLocal() {
        return internalTrafficPolicy == TrafficPolicy.LOCAL;
    }

    /** Whether some traffic of this port may go to endpoints on any node (upstream UsesClusterEndpoints). */
    public boolean usesClusterEndpoints() {
        return !internalPolicyLocal() || (externallyAccessible() && !externalPolicyLocal());
    }

    /** Whether some traffic of this port is restricted to node-local endpoints (upstream UsesLocalEndpoints). */
    public boolean usesLocalEndpoints() {
        return internalPolicyLocal() || externalPolicyLocal();
    }
}
