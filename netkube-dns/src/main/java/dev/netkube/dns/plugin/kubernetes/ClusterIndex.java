package dev.netkube.dns.plugin.kubernetes;

import dev.netkube.dns.plugin.kubernetes.ClusterModel.Endpoint;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Pod;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Service;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Slice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An immutable view of the cluster for lookups: services by namespace and name and by IP, endpoints, pods by IP. */
public final class ClusterIndex {
  static final ClusterIndex EMPTY = new ClusterIndex(List.of(), List.of(), List.of(), Set.of(), 0);

  /** An endpoint with the service it serves. */
  public record ServiceEndpoint(String namespace, String service, Endpoint endpoint) {}

  private final Map<String, Service> services = new HashMap<>();
  private final Map<String, List<Endpoint>> endpoints = new HashMap<>();
  private final Map<String, Service> serviceByIp = new HashMap<>();
  private final Map<String, List<ServiceEndpoint>> endpointsByIp = new HashMap<>();
  private final Map<String, List<Pod>> podsByIp = new HashMap<>();
  private final Set<String> namespaces;
  private final long modified;

  ClusterIndex(Collection<Service> services, Collection<Slice> slices, Collection<Pod> pods, Set<String> namespaces,
               long modified) {
    this.namespaces = namespaces;
    this.modified = modified;
    for (Service s : services) {
      this.services.put(key(s.namespace(), s.name()), s);
      for (String ip : s.clusterIps()) this.serviceByIp.putIfAbsent(canonical(ip), s);
    }
    List<Slice> ordered = new ArrayList<>(slices);
    ordered.sort((a, b) -> a.name().compareTo(b.name())); // a stable answer order across rebuilds
    for (Slice sl : ordered) {
      endpoints.computeIfAbsent(key(sl.namespace(), sl.service()), k -> new ArrayList<>()).addAll(sl.endpoints());
      for (Endpoint e : sl.endpoints()) {
        endpointsByIp.computeIfAbsent(canonical(e.ip()), k -> new ArrayList<>()).add(new ServiceEndpoint(sl.namespace(), sl.service(), e));
      }
    }
    for (Pod p : pods) for (String ip : p.ips()) podsByIp.computeIfAbsent(canonical(ip), k -> new ArrayList<>()).add(p);
  }

  /** One spelling per address (IPv6 has many): the JDK's, for literals only. */
  static String canonical(String ip) {
    return KubernetesResolver.literal(ip).map(java.net.InetAddress::getHostAddress).orElse(ip);
  }

  private static String key(String namespace, String name) { return namespace + "/" + name; }

  public Optional<Service> service(String namespace, String name) { return Optional.ofNullable(services.get(key(namespace, name))); }

  /** The ready endpoints of a service, over all its slices. */
  public List<Endpoint> endpoints(String namespace, String service) {
    return endpoints.getOrDefault(key(namespace, service), List.of());
  }

  public Optional<Service> serviceByIp(String ip) { return Optional.ofNullable(serviceByIp.get(canonical(ip))); }

  public List<ServiceEndpoint> endpointsByIp(String ip) { return endpointsByIp.getOrDefault(canonical(ip), List.of()); }

  public List<Pod> podsByIp(String ip) { return podsByIp.getOrDefault(canonical(ip), List.of()); }

  public boolean namespaceExists(String namespace) { return namespaces.contains(namespace); }

  /** Unix seconds of the last change: the SOA serial. */
  public long modified() { return modified; }
}
