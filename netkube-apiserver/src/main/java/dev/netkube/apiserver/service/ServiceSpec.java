package dev.netkube.apiserver.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields of a Service's spec that allocation reads and fills, as a plain value: the
 * adapter maps the object in and writes the allocated values back.
 *
 * @param clusterIPs empty when unset, {@code ["None"]} for a headless service
 * @param healthCheckNodePort 0 when unset
 */
public record ServiceSpec(String type, List<String> clusterIPs, List<String> ipFamilies, String ipFamilyPolicy,
    boolean hasSelector, List<ServicePort> ports, boolean allocateLoadBalancerNodePorts,
    String externalTrafficPolicy, int healthCheckNodePort) {
  public static final String NONE = "None";

  public ServiceSpec {
    clusterIPs = List.copyOf(clusterIPs);
    ipFamilies = List.copyOf(ipFamilies);
    ports = List.copyOf(ports);
  }

  public boolean externalName() { return type.equals("ExternalName"); }

  public boolean headless() { return !clusterIPs.isEmpty() && clusterIPs.get(0).equals(NONE); }

  public boolean exposesNodePorts() { return type.equals("NodePort") || type.equals("LoadBalancer"); }

  /** shouldAllocateNodePorts: NodePort, or LoadBalancer unless allocateLoadBalancerNodePorts is false. */
  public boolean allocatesNodePorts() {
    return type.equals("NodePort") || (type.equals("LoadBalancer") && allocateLoadBalancerNodePorts);
  }

  /** apiservice.NeedsHealthCheck: a LoadBalancer that keeps traffic on the receiving node. */
  public boolean needsHealthCheck() { return type.equals("LoadBalancer") && externalTrafficPolicy.equals("Local"); }

  /** The cluster IPs this service holds in the allocator (none when headless or ExternalName). */
  public List<String> heldClusterIPs() {
    if (externalName() || headless()) return List.of();
    return clusterIPs.stream().filter(ip -> !ip.isEmpty()).toList();
  }

  /** The distinct node ports of spec.ports (a TCP and a UDP port may share one). */
  public Set<Integer> nodePorts() {
    Set<Integer> out = new LinkedHashSet<>();
    for (ServicePort p : ports) if (p.nodePort() != 0) out.add(p.nodePort());
    return out;
  }

  /** Every node port this service holds: its ports' and its health check's. */
  public Set<Integer> heldNodePorts() {
    Set<Integer> out = new LinkedHashSet<>(nodePorts());
    if (needsHealthCheck() && healthCheckNodePort != 0) out.add(healthCheckNodePort);
    return out;
  }

  public ServiceSpec withClusterIPs(List<String> ips) {
    return new ServiceSpec(type, ips, ipFamilies, ipFamilyPolicy, hasSelector, ports, allocateLoadBalancerNodePorts,
        externalTrafficPolicy, healthCheckNodePort);
  }

  public ServiceSpec withIpFamilies(List<String> families) {
    return new ServiceSpec(type, clusterIPs, families, ipFamilyPolicy, hasSelector, ports, allocateLoadBalancerNodePorts,
        externalTrafficPolicy, healthCheckNodePort);
  }

  public ServiceSpec withPorts(List<ServicePort> newPorts) {
    return new ServiceSpec(type, clusterIPs, ipFamilies, ipFamilyPolicy, hasSelector, newPorts,
        allocateLoadBalancerNodePorts, externalTrafficPolicy, healthCheckNodePort);
  }

  public ServiceSpec withHealthCheckNodePort(int port) {
    return new ServiceSpec(type, clusterIPs, ipFamilies, ipFamilyPolicy, hasSelector, ports,
        allocateLoadBalancerNodePorts, externalTrafficPolicy, port);
  }

  public ServiceSpec withNodePort(int index, int nodePort) {
    List<ServicePort> next = new ArrayList<>(ports);
    next.set(index, ports.get(index).withNodePort(nodePort));
    return withPorts(next);
  }
}
