package dev.netkube.proxy.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class FromKubernetesTest {
    private static Service service(String type, String clusterIp) {
        return new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata()
                .withNewSpec().withType(type).withClusterIP(clusterIp).withClusterIPs(clusterIp)
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("web")).withProtocol("TCP").endPort()
                .addNewPort().withName("dns").withPort(53).withProtocol("UDP").withTargetPort(new IntOrString(5353)).endPort()
                .endSpec().build();
    }

    private static EndpointSlice slice(String name, int httpPort, String ip, String node, Boolean ready, Boolean serving,
            Boolean terminating) {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace("shop").withName(name)
                .addToLabels(FromKubernetes.SERVICE_NAME_LABEL, "web").endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("http").withPort(httpPort).withProtocol("TCP").endPort()
                .addNewPort().withName("dns").withPort(5353).withProtocol("UDP").endPort()
                .addNewEndpoint().withAddresses(ip).withNodeName(node).withZone("z1")
                .withNewConditions().withReady(ready).withServing(serving).withTerminating(terminating).endConditions()
                .endEndpoint().build();
    }

    @Test
    void mapsALoadBalancerServiceWithEverythingSet() {
        Service svc = new ServiceBuilder(service("LoadBalancer", "10.96.0.10")).editSpec()
                .editPort(0).withNodePort(30080).endPort()
                .withExternalIPs("192.168.10.50", "fd00::1").withLoadBalancerSourceRanges("203.0.113.0/24")
                .withSessionAffinity("ClientIP").withNewSessionAffinityConfig().withNewClientIP().withTimeoutSeconds(600)
                .endClientIP().endSessionAffinityConfig()
                .withExternalTrafficPolicy("Local").withInternalTrafficPolicy("Cluster").withHealthCheckNodePort(32000)
                .endSpec().withNewStatus().withNewLoadBalancer()
                .addNewIngress().withIp("192.168.10.240").endIngress()
                .addNewIngress().withIp("192.168.10.241").withIpMode("Proxy").endIngress()
                .endLoadBalancer().endStatus().build();
        List<ServicePort> ports = FromKubernetes.servicePorts(svc);
        assertThat(ports).hasSize(2);
        ServicePort http = ports.get(0);
        assertThat(http.name()).isEqualTo(new ServicePortName("shop", "web", "http"));
        assertThat(http.protocol()).isEqualTo(Protocol.TCP);
        assertThat(http.nodePort()).isEqualTo(OptionalInt.of(30080));
        assertThat(http.externalIps()).as("IPv4 only").containsExactly("192.168.10.50");
        assertThat(http.loadBalancerIps()).as("ipMode Proxy is not captured").containsExactly("192.168.10.240");
        assertThat(http.loadBalancerSourceRanges()).containsExactly("203.0.113.0/24");
        assertThat(http.sessionAffinity()).isEqualTo(SessionAffinity.clientIp(600));
        assertThat(http.externalTrafficPolicy()).isEqualTo(TrafficPolicy.LOCAL);
        assertThat(http.healthCheckNodePort()).isEqualTo(OptionalInt.of(32000));
        assertThat(ports.get(1).protocol()).isEqualTo(Protocol.UDP);
        assertThat(ports.get(1).nodePort()).isEmpty();
    }

    @Test
    void defaultsAffinityTimeoutAndPolicies() {
        Service svc = new ServiceBuilder(service("ClusterIP", "10.96.0.10")).editSpec().withSessionAffinity("ClientIP").endSpec().build();
        ServicePort p = FromKubernetes.servicePorts(svc).get(0);
        assertThat(p.sessionAffinity()).isEqualTo(SessionAffinity.clientIp(10800));
        assertThat(p.externalTrafficPolicy()).isEqualTo(TrafficPolicy.CLUSTER);
        assertThat(p.internalTrafficPolicy()).isEqualTo(TrafficPolicy.CLUSTER);
    }

    @Test
    void headlessAndExternalNameServicesAreNotProxied() {
        assertThat(FromKubernetes.servicePorts(service("ClusterIP", "None"))).isEmpty();
        Service external = new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("ext").endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName("example.com").addNewPort().withPort(80).endPort()
                .endSpec().build();
        assertThat(FromKubernetes.servicePorts(external)).isEmpty();
    }

    @Test
    void namedTargetPortsResolvePerSlice() {
        Service svc = service("ClusterIP", "10.96.0.10");
        // Two slices whose pods expose the port named "web" on different numbers.
        List<EndpointSlice> slices = List.of(
                slice("web-a", 8080, "10.244.1.5", "node-1", true, true, false),
                slice("web-b", 9090, "10.244.2.6", "node-2", null, null, null));
        Map<ServicePortName, List<Endpoint>> eps = FromKubernetes.endpoints(svc, slices);
        assertThat(eps.get(new ServicePortName("shop", "web", "http"))).containsExactly(
                new Endpoint("10.244.1.5", 8080, true, true, false, Optional.of("node-1"), Optional.of("z1")),
                new Endpoint("10.244.2.6", 9090, true, true, false, Optional.of("node-2"), Optional.of("z1")));
        assertThat(eps.get(new ServicePortName("shop", "web", "dns"))).extracting(Endpoint::toString)
                .containsExactly("10.244.1.5:5353", "10.244.2.6:5353");
    }

    @Test
    void conditionsAreReadAsUpstreamDoes() {
        Service svc = service("ClusterIP", "10.96.0.10");
        List<Endpoint> eps = FromKubernetes.endpoints(svc, List.of(
                slice("a", 8080, "10.244.1.5", "node-1", false, true, true),
                slice("b", 8080, "10.244.1.6", "node-1", false, null, null))).get(new ServicePortName("shop", "web", "http"));
        assertThat(eps.get(0).servingTerminating()).isTrue();
        assertThat(eps.get(0).ready()).isFalse();
        assertThat(eps.get(1).serving()).as("serving defaults to ready").isFalse();
        assertThat(eps.get(1).terminating()).isFalse();
    }

    @Test
    void slicesOfOtherServicesOrFamiliesAreIgnoredAndDuplicatesKeepTheReadyCopy() {
        Service svc = service("ClusterIP", "10.96.0.10");
        EndpointSlice other = new EndpointSliceBuilder(slice("z", 8080, "10.244.9.9", "node-1", true, true, false))
                .editMetadata().addToLabels(FromKubernetes.SERVICE_NAME_LABEL, "other").endMetadata().build();
        EndpointSlice v6 = new EndpointSliceBuilder(slice("y", 8080, "fd00::5", "node-1", true, true, false))
                .withAddressType("IPv6").build();
        List<Endpoint> eps = FromKubernetes.endpoints(svc, List.of(other, v6,
                slice("a", 8080, "10.244.1.5", "node-1", false, false, true),
                slice("b", 8080, "10.244.1.5", "node-1", true, true, false))).get(new ServicePortName("shop", "web", "http"));
        assertThat(eps).hasSize(1);
        assertThat(eps.get(0).ready()).isTrue();
    }
}
