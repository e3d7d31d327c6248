package dev.netkube.dns.kubernetes;

import dev.netkube.dns.plugin.kubernetes.ClusterModel;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Kind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** fabric8's objects → the kubernetes plugin's plain values; the only place that reads them. */
public final class FromKubernetes {
  /** The label tying a slice to its service. */
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private FromKubernetes() {}

  public static ClusterModel.Service service(Service s) {
    ServiceSpec spec = s.getSpec();
    String namespace = namespace(s.getMetadata().getNamespace());
    String name = s.getMetadata().getName();
    List<ClusterModel.Port> ports = new ArrayList<>();
    if (spec != null && spec.getPorts() != null) {
      for (ServicePort p : spec.getPorts()) {
        ports.add(new ClusterModel.Port(orEmpty(p.getName()), p.getProtocol() == null ? "TCP" : p.getProtocol(),
            p.getPort() == null ? -1 : p.getPort()));
      }
    }
    if (spec != null && "ExternalName".equals(spec.getType())) {
      return new ClusterModel.Service(namespace, name, Kind.EXTERNAL_NAME, List.of(), orEmpty(spec.getExternalName()), ports);
    }
    List<String> ips = new ArrayList<>();
    if (spec != null) {
      if (spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty()) ips.addAll(spec.getClusterIPs());
      else if (spec.getClusterIP() != null && !spec.getClusterIP().isEmpty()) ips.add(spec.getClusterIP());
    }
    boolean headless = ips.isEmpty() || ips.contains("None");
    return new ClusterModel.Service(namespace, name, headless ? Kind.HEADLESS : Kind.CLUSTER_IP,
        headless ? List.of() : ips, "", ports);
  }

  /** A slice's ready IP endpoints (ready absent counts as ready, as the API says); none for FQDN slices. */
  public static Optional<ClusterModel.Slice> slice(EndpointSlice s) {
    String service = s.getMetadata().getLabels() == null ? null : s.getMetadata().getLabels().get(SERVICE_NAME_LABEL);
    if (service == null) return Optional.empty();
    List<ClusterModel.Port> ports = new ArrayList<>();
    if (s.getPorts() != null) {
      for (EndpointPort p : s.getPorts()) {
        ports.add(new ClusterModel.Port(orEmpty(p.getName()), p.getProtocol() == null ? "TCP" : p.getProtocol(),
            p.getPort() == null ? -1 : p.getPort()));
      }
    }
    List<ClusterModel.Endpoint> endpoints = new ArrayList<>();
    boolean ip = s.getAddressType() == null || s.getAddressType().equals("IPv4") || s.getAddressType().equals("IPv6");
    if (ip && s.getEndpoints() != null) {
      for (Endpoint e : s.getEndpoints()) {
        if (e.getConditions() != null && Boolean.FALSE.equals(e.getConditions().getReady())) continue;
        Optional<String> pod = e.getTargetRef() != null && "Pod".equals(e.getTargetRef().getKind())
            ? Optional.ofNullable(e.getTargetRef().getName()) : Optional.empty();
        for (String address : e.getAddresses() == null ? List.<String>of() : e.getAddresses()) {
          endpoints.add(new ClusterModel.Endpoint(address, Optional.ofNullable(e.getHostname()).filter(h -> !h.isEmpty()), pod, ports));
        }
      }
    }
    return Optional.of(new ClusterModel.Slice(namespace(s.getMetadata().getNamespace()), s.getMetadata().getName(), service, endpoints));
  }

  public static ClusterModel.Pod pod(Pod p) {
    List<String> ips = new ArrayList<>();
    if (p.getStatus() != null) {
      if (p.getStatus().getPodIPs() != null) for (PodIP ip : p.getStatus().getPodIPs()) if (ip.getIp() != null) ips.add(ip.getIp());
      if (ips.isEmpty() && p.getStatus().getPodIP() != null) ips.add(p.getStatus().getPodIP());
    }
    return new ClusterModel.Pod(namespace(p.getMetadata().getNamespace()), p.getMetadata().getName(), ips);
  }

  private static String namespace(String ns) { return ns == null ? "default" : ns; }

  private static String orEmpty(String s) { return s == null ? "" : s; }
}
