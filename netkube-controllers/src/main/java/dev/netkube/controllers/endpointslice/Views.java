package dev.netkube.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The adapter's edge: fabric8 objects in, the endpoint controllers' plain records out. */
public final class Views {
  private Views() {}

  public static ServiceView service(Service s) {
    ServiceSpec spec = s.getSpec() == null ? new ServiceSpec() : s.getSpec();
    // An empty selector is never stored (omitempty), so on the wire "none" and "empty" are one.
    Map<String, String> selector = spec.getSelector();
    List<ServiceView.Port> ports = new ArrayList<>();
    for (ServicePort p : orEmpty(spec.getPorts())) {
      int port = p.getPort() == null ? 0 : p.getPort();
      IntOrString t = p.getTargetPort();
      ServiceView.TargetPort target;
      if (t == null || (t.getIntVal() == null && (t.getStrVal() == null || t.getStrVal().isEmpty()))) {
        target = new ServiceView.TargetPort.Number(port);
      } else if (t.getIntVal() != null) {
        target = new ServiceView.TargetPort.Number(t.getIntVal());
      } else {
        target = new ServiceView.TargetPort.Named(t.getStrVal());
      }
      ports.add(new ServiceView.Port(str(p.getName()), p.getProtocol() == null ? "TCP" : p.getProtocol(), port, target,
          Optional.ofNullable(p.getAppProtocol())));
    }
    return new ServiceView(s.getMetadata().getNamespace(), s.getMetadata().getName(), str(s.getMetadata().getUid()),
        orEmpty(s.getMetadata().getLabels()),
        selector == null || selector.isEmpty() ? Optional.empty() : Optional.of(selector),
        spec.getType() == null ? "ClusterIP" : spec.getType(), str(spec.getClusterIP()), orEmpty(spec.getIpFamilies()),
        Boolean.TRUE.equals(spec.getPublishNotReadyAddresses()), ports,
        time(s.getMetadata().getCreationTimestamp()).orElse(Instant.EPOCH),
        s.getMetadata().getDeletionTimestamp() != null);
  }

  public static PodView pod(Pod p) {
    List<String> ips = new ArrayList<>();
    boolean ready = false;
    Optional<Instant> readyChanged = Optional.empty();
    String phase = "";
    if (p.getStatus() != null) {
      for (PodIP ip : orEmpty(p.getStatus().getPodIPs())) if (ip.getIp() != null && !ip.getIp().isEmpty()) ips.add(ip.getIp());
      if (ips.isEmpty() && p.getStatus().getPodIP() != null && !p.getStatus().getPodIP().isEmpty()) ips.add(p.getStatus().getPodIP());
      for (PodCondition c : orEmpty(p.getStatus().getConditions())) {
        if ("Ready".equals(c.getType())) {
          ready = "True".equals(c.getStatus());
          readyChanged = time(c.getLastTransitionTime());
        }
      }
      phase = str(p.getStatus().getPhase());
    }
    List<PodView.ContainerPort> ports = new ArrayList<>();
    String nodeName = "";
    String hostname = "";
    String subdomain = "";
    if (p.getSpec() != null) {
      for (Container c : orEmpty(p.getSpec().getContainers())) addPorts(c, ports);
      for (Container c : orEmpty(p.getSpec().getInitContainers())) {
        if ("Always".equals(c.getRestartPolicy())) addPorts(c, ports); // sidecars serve too
      }
      nodeName = str(p.getSpec().getNodeName());
      hostname = str(p.getSpec().getHostname());
      subdomain = str(p.getSpec().getSubdomain());
    }
    return new PodView(p.getMetadata().getNamespace(), p.getMetadata().getName(), str(p.getMetadata().getUid()),
        orEmpty(p.getMetadata().getLabels()), ips, phase, ready, readyChanged,
        p.getMetadata().getDeletionTimestamp() != null, nodeName, hostname, subdomain, ports);
  }

  private static void addPorts(Container c, List<PodView.ContainerPort> out) {
    for (io.fabric8.kubernetes.api.model.ContainerPort cp : orEmpty(c.getPorts())) {
      out.add(new PodView.ContainerPort(str(cp.getName()), cp.getProtocol() == null ? "TCP" : cp.getProtocol(),
          cp.getContainerPort() == null ? 0 : cp.getContainerPort()));
    }
  }

  /** An existing slice; {@code owned} when it has an ownerReference to this v1 Service uid. */
  public static Slice slice(EndpointSlice es, String serviceUid) {
    boolean owned = orEmpty(es.getMetadata().getOwnerReferences()).stream()
        .anyMatch(o -> serviceUid.equals(o.getUid()) && "Service".equals(o.getKind()) && "v1".equals(o.getApiVersion()));
    List<EndpointPort> ports = new ArrayList<>();
    for (io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort p : orEmpty(es.getPorts())) {
      ports.add(new EndpointPort(str(p.getName()), str(p.getProtocol()), p.getPort() == null ? 0 : p.getPort(),
          Optional.ofNullable(p.getAppProtocol())));
    }
    List<Endpoint> endpoints = new ArrayList<>();
    for (io.fabric8.kubernetes.api.model.discovery.v1.Endpoint e : orEmpty(es.getEndpoints())) {
      EndpointConditions c = e.getConditions() == null ? new EndpointConditions() : e.getConditions();
      ObjectReference r = e.getTargetRef();
      endpoints.add(new Endpoint(orEmpty(e.getAddresses()),
          new Endpoint.Conditions(Optional.ofNullable(c.getReady()), Optional.ofNullable(c.getServing()),
              Optional.ofNullable(c.getTerminating())),
          Optional.ofNullable(e.getHostname()), Optional.ofNullable(e.getNodeName()), Optional.ofNullable(e.getZone()),
          r == null ? Optional.empty()
              : Optional.of(new Endpoint.TargetRef(str(r.getKind()), str(r.getNamespace()), str(r.getName()), str(r.getUid())))));
    }
    return new Slice(es.getMetadata().getName(), str(es.getAddressType()), ports, endpoints,
        orEmpty(es.getMetadata().getLabels()), owned);
  }

  /** The API form of a record endpoint. */
  public static io.fabric8.kubernetes.api.model.discovery.v1.Endpoint toApi(Endpoint e) {
    io.fabric8.kubernetes.api.model.discovery.v1.Endpoint out = new io.fabric8.kubernetes.api.model.discovery.v1.Endpoint();
    out.setAddresses(new ArrayList<>(e.addresses()));
    out.setConditions(new EndpointConditions(e.conditions().ready().orElse(null), e.conditions().serving().orElse(null),
        e.conditions().terminating().orElse(null)));
    out.setHostname(e.hostname().orElse(null));
    out.setNodeName(e.nodeName().orElse(null));
    out.setZone(e.zone().orElse(null));
    e.targetRef().ifPresent(r -> {
      ObjectReference ref = new ObjectReference();
      ref.setKind(r.kind());
      ref.setNamespace(r.namespace());
      ref.setName(r.name());
      ref.setUid(r.uid());
      out.setTargetRef(ref);
    });
    return out;
  }

  public static io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort toApi(EndpointPort p) {
    return new io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort(p.appProtocol().orElse(null), p.name(),
        p.port(), p.protocol());
  }

  public static Optional<Instant> time(String s) {
    if (s == null || s.isEmpty()) return Optional.empty();
    try {
      return Optional.of(Instant.parse(s));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Go's RFC3339Nano in UTC: fractional seconds without trailing zeros. */
  public static String rfc3339Nano(Instant t) {
    String s = java.time.format.DateTimeFormatter.ISO_INSTANT.format(t);
    int dot = s.indexOf('.');
    if (dot < 0) return s;
    String frac = s.substring(dot + 1, s.length() - 1).replaceAll("0+$", "");
    return s.substring(0, dot) + (frac.isEmpty() ? "" : "." + frac) + "Z";
  }

  static String str(String s) { return Objects.requireNonNullElse(s, ""); }

  static <T> List<T> orEmpty(List<T> l) { return l == null ? List.of() : l; }

  static <K, V> Map<K, V> orEmpty(Map<K, V> m) { return m == null ? Map.of() : m; }
}
