package dev.netkube.proxy.scenario;

import static dev.netkube.proxy.scenario.TraceCase.tcp;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import dev.netkube.proxy.model.SessionAffinity;
import dev.netkube.proxy.model.TrafficPolicy;
import dev.netkube.proxy.model.FromKubernetes;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy's scenarios on node-1 of the default layout (DESIGN.md): LAN 192.168.10.0/24, node-1
 * at 192.168.10.2, pods 10.244.0.0/16 (node-1's 10.244.1.0/24, node-2's 10.244.2.0/24), services
 * 10.96.0.0/12. Clients: a pod on node-1 ({@link #POD}), the LAN host ({@link #LAN}), node-1 itself
 * ({@link #NODE}), an endpoint reaching itself ({@link #EP1}, hairpin).
 */
public final class Scenarios {
    public static final String NODE = "192.168.10.2";
    public static final String LAN = "192.168.10.1";
    public static final String POD = "10.244.1.9";
    public static final String EP1 = "10.244.1.5";
    public static final String EP2 = "10.244.2.6";
    public static final String BOTH = EP1 + ":8080, " + EP2 + ":8080";

    public static final NodeFacts NODE_1 = new NodeFacts("node-1", List.of(NODE), Optional.of("10.244.0.0/16"),
            List.of("10.96.0.0/12"), List.of());

    private Scenarios() {}

    public static ServicePortName name(String svc, String port) {
        return new ServicePortName("default", svc, port);
    }

    static ServicePort web(String svc, String ip) {
        return ServicePort.clusterIp(name(svc, "http"), Protocol.TCP, ip, 80);
    }

    static List<Endpoint> twoEndpoints() {
        return List.of(Endpoint.ready(EP2, 8080, "node-2"), Endpoint.ready(EP1, 8080, "node-1"));
    }

    public static List<Scenario> all() {
        return List.of(clusterIp(), nodePort(), nodePortPrimary(), loadBalancer(), externalIps(), affinity(),
                externalLocal(), externalLocalNoLocalEndpoints(), internalLocal(), noEndpoints(), terminating(),
                multiplePorts(), skipped(), empty());
    }

    public static Scenario byName(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    static Scenario clusterIp() {
        ServicePort p = web("web", "10.96.0.10");
        return new Scenario("clusterip", NODE_1, List.of(p), Map.of(p.name(), twoEndpoints()), List.of(
                tcp("pod to cluster IP", POD, "10.96.0.10", 80, BOTH, false),
                tcp("hairpin: endpoint to its own service", EP1, "10.96.0.10", 80, BOTH, true),
                tcp("off-cluster client to cluster IP is masqueraded", LAN, "10.96.0.10", 80, BOTH, true),
                tcp("node to cluster IP is masqueraded", NODE, "10.96.0.10", 80, BOTH, true),
                tcp("undefined port of a cluster IP", POD, "10.96.0.10", 81, "REJECT", false),
                tcp("unallocated service IP", POD, "10.96.0.99", 80, "DROP", false),
                tcp("not a service", POD, "10.1.2.3", 80, "", false)));
    }

    static Scenario nodePort() {
        ServicePort p = web("np", "10.96.0.20").withNodePort(30080);
        return new Scenario("nodeport", NODE_1, List.of(p), Map.of(p.name(), twoEndpoints()), List.of(
                tcp("LAN client to node port", LAN, NODE, 30080, BOTH, true),
                tcp("LAN client to another port of the node", LAN, NODE, 30081, "", false),
                tcp("no node ports on localhost", NODE, "127.0.0.1", 30080, "", false),
                tcp("node to its own node port", NODE, NODE, 30080, BOTH, true),
                tcp("pod to cluster IP", POD, "10.96.0.20", 80, BOTH, false)));
    }

    static Scenario nodePortPrimary() {
        NodeFacts node = new NodeFacts("node-1", List.of(NODE, "10.0.0.2"), Optional.of("10.244.0.0/16"),
                List.of("10.96.0.0/12"), List.of("primary"));
        ServicePort p = web("np", "10.96.0.20").withNodePort(30080);
        return new Scenario("nodeport-primary", node, List.of(p), Map.of(p.name(), twoEndpoints()), List.of(
                tcp("node port on the primary IP", LAN, NODE, 30080, BOTH, true),
                tcp("no node port on a secondary IP", LAN, "10.0.0.2", 30080, "", false)));
    }

    static Scenario loadBalancer() {
        ServicePort p = web("lb", "10.96.0.30").withNodePort(30081)
                .withLoadBalancer(List.of("192.168.10.240"), List.of("203.0.113.0/24", "192.168.10.0/24"));
        return new Scenario("loadbalancer", NODE_1, List.of(p), Map.of(p.name(), twoEndpoints()), List.of(
                tcp("allowed source range to LB IP", "203.0.113.5", "192.168.10.240", 80, BOTH, true),
                tcp("LAN (allowed) to LB IP", LAN, "192.168.10.240", 80, BOTH, true),
                tcp("source outside the ranges is dropped", "198.51.100.7", "192.168.10.240", 80, "DROP", false),
                tcp("node ports ignore source ranges", "198.51.100.7", NODE, 30081, BOTH, true),
                tcp("pod outside the ranges to LB IP is dropped too", POD, "192.168.10.240", 80, "DROP", false)));
    }

    static Scenario externalIps() {
        ServicePort p = web("ext", "10.96.0.40").withExternalIps(List.of("192.168.10.50"));
        return new Scenario("externalips", NODE_1, List.of(p), Map.of(p.name(), twoEndpoints()), List.of(
                tcp("LAN client to external IP", LAN, "192.168.10.50", 80, BOTH, true),
                tcp("pod to external IP (Cluster policy masquerades)", POD, "192.168.10.50", 80, BOTH, true),
                tcp("external IP, other port", LAN, "192.168.10.50", 81, "", false)));
    }

    static Scenario affinity() {
        ServicePort p = web("sticky", "10.96.0.50").withSessionAffinity(SessionAffinity.clientIp(600));
        return new Scenario("affinity", NODE_1, List.of(p), Map.of(p.name(), twoEndpoints()), List.of(
                tcp("first packet: no affinity yet, any endpoint", POD, "10.96.0.50", 80, BOTH, false)));
    }

    static Scenario externalLocal() {
        ServicePort p = web("lb-local", "10.96.0.60").withNodePort(30082)
                .withLoadBalancer(List.of("192.168.10.241"), List.of())
                .withTrafficPolicies(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER).withHealthCheckNodePort(32000);
        return new Scenario("etp-local", NODE_1, List.of(p), Map.of(p.name(), twoEndpoints()), List.of(
                tcp("LAN to LB IP: local endpoint only, source kept", LAN, "192.168.10.241", 80, EP1 + ":8080", false),
                tcp("LAN to node port: local endpoint only", LAN, NODE, 30082, EP1 + ":8080", false),
                tcp("pod to LB IP short-circuits to Cluster", POD, "192.168.10.241", 80, BOTH, false),
                tcp("node to LB IP: Cluster, masqueraded", NODE, "192.168.10.241", 80, BOTH, true),
                tcp("pod to cluster IP: Cluster", POD, "10.96.0.60", 80, BOTH, false)));
    }

    static Scenario externalLocalNoLocalEndpoints() {
        ServicePort p = web("lb-remote", "10.96.0.61").withNodePort(30083)
                .withLoadBalancer(List.of("192.168.10.242"), List.of())
                .withTrafficPolicies(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER);
        return new Scenario("etp-local-none-here", NODE_1, List.of(p),
                Map.of(p.name(), List.of(Endpoint.ready(EP2, 8080, "node-2"))), List.of(
                tcp("LAN to LB IP: no local endpoint, dropped", LAN, "192.168.10.242", 80, "DROP", false),
                tcp("LAN to node port: dropped", LAN, NODE, 30083, "DROP", false),
                tcp("pod to LB IP short-circuits", POD, "192.168.10.242", 80, EP2 + ":8080", false),
                // v1.32's filter-output runs before DNAT and meets the drop (kubernetes#131765, fixed in 1.34).
                tcp("node to LB IP: dropped before DNAT (upstream 1.32)", NODE, "192.168.10.242", 80, "DROP", false),
                tcp("pod to cluster IP still works", POD, "10.96.0.61", 80, EP2 + ":8080", false)));
    }

    static Scenario internalLocal() {
        ServicePort here = web("itp-local", "10.96.0.70").withTrafficPolicies(TrafficPolicy.CLUSTER, TrafficPolicy.LOCAL);
        ServicePort none = web("itp-remote", "10.96.0.71").withTrafficPolicies(TrafficPolicy.CLUSTER, TrafficPolicy.LOCAL);
        return new Scenario("itp-local", NODE_1, List.of(here, none),
                Map.of(here.name(), twoEndpoints(), none.name(), List.of(Endpoint.ready(EP2, 8080, "node-2"))), List.of(
                tcp("pod to iTP=Local: local endpoint only", POD, "10.96.0.70", 80, EP1 + ":8080", false),
                tcp("pod to iTP=Local without local endpoints: dropped", POD, "10.96.0.71", 80, "DROP", false),
                tcp("node to iTP=Local without local endpoints: dropped", NODE, "10.96.0.71", 80, "DROP", false)));
    }

    static Scenario noEndpoints() {
        ServicePort p = web("empty", "10.96.0.80").withNodePort(30084).withExternalIps(List.of("192.168.10.51"));
        return new Scenario("no-endpoints", NODE_1, List.of(p), Map.of(), List.of(
                tcp("pod to cluster IP: rejected at once", POD, "10.96.0.80", 80, "REJECT", false),
                tcp("node to cluster IP: rejected", NODE, "10.96.0.80", 80, "REJECT", false),
                tcp("LAN to node port: rejected", LAN, NODE, 30084, "REJECT", false),
                tcp("LAN to external IP: rejected", LAN, "192.168.10.51", 80, "REJECT", false)));
    }

    static Scenario terminating() {
        ServicePort cluster = web("draining", "10.96.0.90");
        ServicePort local = web("draining-local", "10.96.0.91").withNodePort(30085)
                .withTrafficPolicies(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER);
        Endpoint gone = new Endpoint("10.244.2.8", 8080, false, false, true, Optional.of("node-2"), Optional.empty());
        return new Scenario("terminating", NODE_1, List.of(cluster, local), Map.of(
                cluster.name(), List.of(Endpoint.terminating("10.244.1.7", 8080, "node-1"), gone),
                local.name(), List.of(Endpoint.terminating("10.244.1.7", 8080, "node-1"), Endpoint.ready("10.244.2.8", 8080, "node-2"))),
                List.of(
                tcp("no ready endpoint: serving terminating one", POD, "10.96.0.90", 80, "10.244.1.7:8080", false),
                tcp("Cluster side has a ready one", POD, "10.96.0.91", 80, "10.244.2.8:8080", false),
                tcp("Local side falls back to the local terminating one", LAN, NODE, 30085, "10.244.1.7:8080", false)));
    }

    static Scenario multiplePorts() {
        ServicePort http = web("multi", "10.96.0.100");
        ServicePort dns = ServicePort.clusterIp(name("multi", "dns"), Protocol.UDP, "10.96.0.100", 53);
        return new Scenario("multiple-ports", NODE_1, List.of(http, dns), Map.of(
                http.name(), List.of(Endpoint.ready(EP1, 8080, "node-1")),
                dns.name(), List.of(Endpoint.ready(EP1, 5353, "node-1"))), List.of(
                tcp("TCP port", POD, "10.96.0.100", 80, EP1 + ":8080", false),
                new TraceCase("UDP port", POD, Protocol.UDP, "10.96.0.100", 53, EP1 + ":5353", false),
                tcp("TCP on the UDP port's number: rejected", POD, "10.96.0.100", 53, "REJECT", false)));
    }

    /** Through the Kubernetes adapter: a headless and an ExternalName service beside a ClusterIP one. */
    static Scenario skipped() {
        List<Service> services = List.of(
                kubeService("db", "None", "ClusterIP"),
                kubeService("search", null, "ExternalName"),
                kubeService("api", "10.96.0.110", "ClusterIP"));
        EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName("api-x")
                .addToLabels(FromKubernetes.SERVICE_NAME_LABEL, "api").endMetadata().withAddressType("IPv4")
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
                .addNewEndpoint().withAddresses(EP1).withNodeName("node-1").withNewConditions().withReady(true).endConditions().endEndpoint()
                .build();
        List<ServicePort> ports = new ArrayList<>();
        Map<ServicePortName, List<Endpoint>> endpoints = new HashMap<>();
        for (Service svc : services) {
            ports.addAll(FromKubernetes.servicePorts(svc));
            endpoints.putAll(FromKubernetes.endpoints(svc, List.of(slice)));
        }
        return new Scenario("headless-externalname-skipped", NODE_1, ports, endpoints, List.of(
                tcp("the ClusterIP service works", POD, "10.96.0.110", 80, EP1 + ":8080", false),
                tcp("a headless service has no rules: pods are reached directly", POD, EP1, 8080, "", false)));
    }

    private static Service kubeService(String name, String clusterIp, String type) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withType(type).withClusterIP(clusterIp).withExternalName(type.equals("ExternalName") ? "example.com" : null)
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString(8080)).endPort().endSpec().build();
    }

    static Scenario empty() {
        return new Scenario("empty", NODE_1, List.of(), Map.of(), List.of(
                tcp("nothing to do", POD, "10.96.0.1", 443, "DROP", false)));
    }
}
