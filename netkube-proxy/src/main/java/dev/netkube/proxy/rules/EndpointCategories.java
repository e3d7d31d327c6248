package dev.netkube.proxy.rules;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.Ipv4;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.model.ServicePort;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Predicate;

/**
 * Upstream's CategorizeEndpoints, shared by every rule layout: which IPv4 endpoints of a service port the Cluster
 * policy picks (ready ones, else serving terminating ones), which the Local policy picks (the same, among this node's),
 * and whether the port has any usable endpoint at all (none: reject; some but not here: drop).
 *
 * @param usesCluster whether the Cluster chain is needed: some traffic may use any node's endpoints, or external
 *                    Local traffic from pods and the host short-circuits to it (upstream would reference a missing
 *                    chain when both policies are Local)
 * @param reachable   every endpoint some chain of this port may DNAT to, cluster ones first
 */
public record EndpointCategories(List<Endpoint> cluster, List<Endpoint> local, List<Endpoint> reachable,
    boolean hasEndpoints, boolean usesCluster) {

  public static EndpointCategories of(NodeFacts node, ServicePort sp, List<Endpoint> all) {
    List<Endpoint> sorted = all.stream().filter(e -> Ipv4.isIpv4(e.ip())).sorted(Endpoint.ORDER).toList();
    boolean usesCluster = sp.usesClusterEndpoints() || sp.externalPolicyLocal();
    List<Endpoint> cluster = List.of();
    boolean hasEndpoints = false;
    if (usesCluster) {
      cluster = pick(sorted, Endpoint::ready);
      if (cluster.isEmpty()) cluster = pick(sorted, Endpoint::servingTerminating);
      hasEndpoints = !cluster.isEmpty();
    }
    List<Endpoint> local = List.of();
    if (sp.usesLocalEndpoints()) {
      hasEndpoints |= sorted.stream().anyMatch(e -> e.ready() || e.servingTerminating());
      String me = node.nodeName();
      local = pick(sorted, e -> e.isLocalTo(me) && e.ready());
      if (local.isEmpty()) local = pick(sorted, e -> e.isLocalTo(me) && e.servingTerminating());
    }
    LinkedHashSet<Endpoint> reachable = new LinkedHashSet<>(cluster);
    reachable.addAll(local);
    return new EndpointCategories(cluster, local, List.copyOf(reachable), hasEndpoints, usesCluster);
  }

  /** The Cluster chain exists: it has endpoints and some traffic goes to it. */
  public boolean usesClusterChain() { return !cluster.isEmpty() && usesCluster; }

  /** The Local chain exists. */
  public boolean usesLocalChain(ServicePort sp) { return !local.isEmpty() && sp.usesLocalEndpoints(); }

  /** Traffic to the cluster IP has somewhere to go (internal Local needs a local endpoint). */
  public boolean hasInternal(ServicePort sp) { return hasEndpoints && (!sp.internalPolicyLocal() || !local.isEmpty()); }

  /** External traffic has somewhere to go (external Local needs a local endpoint). */
  public boolean hasExternal(ServicePort sp) { return hasEndpoints && (!sp.externalPolicyLocal() || !local.isEmpty()); }

  private static List<Endpoint> pick(List<Endpoint> endpoints, Predicate<Endpoint> p) {
    return endpoints.stream().filter(p).toList();
  }
}
