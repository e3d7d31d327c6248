package dev.netkube.proxy.model;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The one adapter from Kubernetes objects (fabric8 {@link Service}, discovery.k8s.io/v1
 * {@link EndpointSlice}) to the proxy's records. Everything past it is pure.
 */
public final class FromKubernetes {
    /** The label tying a slice to its service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private FromKubernetes() {}

    /**
     * The proxied ports of a service: none for headless services, ExternalName services and services
     * without a cluster IP, which kube-proxy ignores too. IPv4 addresses only.
     */
    public static List<ServicePort> servicePorts(Service service) {
        ServiceSpec spec = service.getSpec();
        if (spec == null || "ExternalName".equals(spec.getType())) {
            return List.of();
        }
        List<String> clusterIps = ipv4(spec.getClusterIPs() == null || spec.getClusterIPs().isEmpty()
                ? (spec.getClusterIP() == null ? List.of() : List.of(spec.getClusterIP()))
                : spec.getClusterIPs());
        if (clusterIps.isEmpty() || spec.getPorts() == null) {
            return List.of(); // headless ("None") or not yet allocated
        }
        String namespace = service.getMetadata().getNamespace() == null ? "default" : service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        List<String> lbIps = new ArrayList<>();
        if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null
                && service.getStatus().getLoadBalancer().getIngress() != null) {
            for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
                // ipMode Proxy: the load balancer proxies itself, so kube-proxy must not capture the VIP.
                if (ingress.getIp() != null && !"Proxy".equals(ingress.getIpMode())) {
                    lbIps.add(ingress.getIp());
                }
            }
        }
        SessionAffinity affinity = "ClientIP".equals(spec.getSessionAffinity())
                ? SessionAffinity.clientIp(affinityTimeout(spec)) : SessionAffinity.none();
        List<ServicePort> ports = new ArrayList<>();
        for (io.fabric8.kubernetes.api.model.ServicePort p : spec.getPorts()) {
            ports.add(new ServicePort(
                    new ServicePortName(namespace, name, p.getName() == null ? "" : p.getName()),
                    Protocol.of(p.getProtocol()), clusterIps, p.getPort(), positive(p.getNodePort()),
                    ipv4(orEmpty(spec.getExternalIPs())), ipv4(lbIps),
                    orEmpty(spec.getLoadBalancerSourceRanges()).stream().map(String::trim).toList(),
                    affinity, TrafficPolicy.of(spec.getExternalTrafficPolicy()),
                    TrafficPolicy.of(spec.getInternalTrafficPolicy()), positive(spec.getHealthCheckNodePort())));
        }
        return List.copyOf(ports);
    }

    /**
     * The endpoints of each port of {@code service}, from its slices. A service port takes the slice
     * port of the same name and protocol, so a named targetPort resolves per slice (pods behind one
     * service may expose the name on different numbers). An endpoint listed twice keeps its ready copy.
     */
    public static Map<ServicePortName, List<Endpoint>> endpoints(Service service, List<EndpointSlice> slices) {
        List<ServicePort> ports = servicePorts(service);
        Map<ServicePortName, Map<String, Endpoint>> byPort = new TreeMap<>();
        List<EndpointSlice> sorted = slices.stream()
                .filter(s -> belongsTo(s, service))
                .filter(s -> "IPv4".equals(s.getAddressType()))
                .sorted(Comparator.comparing(s -> Objects.toString(s.getMetadata().getName(), ""))).toList();
        for (ServicePort port : ports) {
            Map<String, Endpoint> found = byPort.computeIfAbsent(port.name(), k -> new LinkedHashMap<>());
            for (EndpointSlice slice : sorted) {
                sliceTargetPort(slice, port).ifPresent(target -> addEndpoints(slice, target, found));
            }
        }
        Map<ServicePortName, List<Endpoint>> result = new TreeMap<>();
        byPort.forEach((name, eps) -> result.put(name, eps.values().stream().sorted(Endpoint.ORDER).toList()));
        return result;
    }

    private static boolean belongsTo(EndpointSlice slice, Service service) {
        var labels = slice.getMetadata().getLabels();
        return labels != null && service.getMetadata().getName().equals(labels.get(SERVICE_NAME_LABEL))
                && Objects.equals(Objects.toString(slice.getMetadata().getNamespace(), "default"),
                        Objects.toString(service.getMetadata().getNamespace(), "default"));
    }

    private static OptionalInt sliceTargetPort(EndpointSlice slice, ServicePort port) {
        if (slice.getPorts() == null) {
            return OptionalInt.empty();
        }
        for (EndpointPort p : slice.getPorts()) {
            String name = p.getName() == null ? "" : p.getName();
            if (name.equals(port.name().port()) && Protocol.of(p.getProtocol()) == port.protocol() && p.getPort() != null) {
                return OptionalInt.of(p.getPort());
            }
        }
        return OptionalInt.empty();
    }

    private static void addEndpoints(EndpointSlice slice, int targetPort, Map<String, Endpoint> found) {
        if (slice.getEndpoints() == null) {
            return;
        }
        for (var e : slice.getEndpoints()) {
            if (e.getAddresses() == null || e.getAddresses().isEmpty() || !Ipv4.isIpv4(e.getAddresses().get(0))) {
                continue;
            }
            EndpointConditions c = e.getConditions();
            // Upstream's reading of absent conditions: ready unless false, serving as ready, not terminating.
            boolean ready = c == null || c.getReady() == null || c.getReady();
            boolean serving = c == null || c.getServing() == null ? ready : c.getServing();
            boolean terminating = c != null && Boolean.TRUE.equals(c.getTerminating());
            Endpoint ep = new Endpoint(e.getAddresses().get(0), targetPort, ready, serving, terminating,
                    Optional.ofNullable(e.getNodeName()), Optional.ofNullable(e.getZone()));
            found.merge(ep.toString(), ep, (old, neu) -> old.ready() ? old : neu);
        }
    }

    private static int affinityTimeout(ServiceSpec spec) {
        if (spec.getSessionAffinityConfig() != null && spec.getSessionAffinityConfig().getClientIP() != null
                && spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() != null) {
            return spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
        }
        return SessionAffinity.DEFAULT_TIMEOUT_SECONDS;
    }

    private static OptionalInt positive(Integer value) {
        return value == null || value <= 0 ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    private static List<String> ipv4(List<String> ips) {
        return ips.stream().filter(Ipv4::isIpv4).toList();
    }
}
