package dev.netkube.proxy.model;

import java.util.List;
import java.util.Optional;

/**
 * What the proxy knows of its own node.
 *
 * @param nodeName          decides which endpoints are local
 * @param nodeIps           the node's addresses (the first is "the" node IP, as kube-proxy's --bind-address)
 * @param clusterCidr       the cluster's pod CIDR (kube-proxy's --cluster-cidr); traffic from outside it is
 *                          masqueraded to cluster IPs; empty disables that rule and the pod short-circuit
 * @param serviceCidrs      service CIDRs; traffic to an unallocated address in them is dropped
 * @param nodePortAddresses where node ports answer: empty = every local address except loopback;
 *                          otherwise CIDRs (or the word {@code primary}) selecting node IPs
 */
public record NodeFacts(String nodeName, List<String> nodeIps, Optional<String> clusterCidr,
        List<String> serviceCidrs, List<String> nodePortAddresses) {

    public NodeFacts {
        ServicePortName.requireText(nodeName, "node name");
        nodeIps = List.copyOf(nodeIps);
        serviceCidrs = List.copyOf(serviceCidrs);
        nodePortAddresses = List.copyOf(nodePortAddresses);
    }

    public Optional<String> primaryIp() {
        return nodeIps.stream().filter(Ipv4::isIpv4).findFirst();
    }

    /** Node IPs that accept node-port traffic; empty when every local address does (no set needed). */
    public List<String> nodePortIps() {
        if (nodePortAddresses.isEmpty()) {
            return List.of();
        }
        return nodeIps.stream().filter(Ipv4::isIpv4).filter(ip -> !ip.startsWith("127."))
                .filter(ip -> nodePortAddresses.stream()
                        .anyMatch(a -> a.equals("primary") ? ip.equals(primaryIp().orElse("")) : Ipv4.inCidr(ip, a)))
                .sorted(java.util.Comparator.comparingLong(Ipv4::toLong)).toList();
    }
}
