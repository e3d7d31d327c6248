package dev.netkube.proxy.rules.nftables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.TrafficPolicy;
import dev.netkube.proxy.scenario.Scenarios;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NftablesGeneratorTest {
    private static final ServicePort WEB = ServicePort.clusterIp(Scenarios.name("web", "http"), Protocol.TCP, "10.96.0.10", 80);

    private static Ruleset generate(ServicePort p, List<Endpoint> eps) {
        return NftablesGenerator.generate(Scenarios.NODE_1, List.of(p), Map.of(p.name(), eps)).ruleset();
    }

    private static List<String> elements(Ruleset r, String set) {
        return r.set(set).orElseThrow().elements().stream().map(Element::render).toList();
    }

    @Test
    void baseChainsUseUpstreamHooksAndPriorities() {
        Ruleset r = NftablesGenerator.generate(Scenarios.NODE_1, List.of(), Map.of()).ruleset();
        assertThat(r.chains().stream().filter(c -> c.hook().isPresent())
                .map(c -> c.name() + " " + c.hook().get().hook() + " " + c.hook().get().upstreamPriority()))
                .containsExactly("filter-prerouting prerouting dstnat - 10", "filter-input input dstnat - 10",
                        "filter-forward forward dstnat - 10", "filter-output output dstnat - 10",
                        "filter-output-post-dnat output dstnat + 10", "nat-prerouting prerouting dstnat",
                        "nat-output output dstnat", "nat-postrouting postrouting srcnat");
        assertThat(r.chains().stream().filter(c -> c.hook().isPresent()).map(c -> c.hook().get().priority()))
                .containsExactly(-110, -110, -110, -110, -90, -100, -100, 100);
    }

    @Test
    void clusterIpWithEndpointsGoesToItsServiceChain() {
        Ruleset r = generate(WEB, List.of(Endpoint.ready("10.244.1.5", 8080, "node-1")));
        assertThat(elements(r, "service-ips")).containsExactly("10.96.0.10 . tcp . 80 : goto service-SUSTUHLJ-default/web/tcp/http");
        assertThat(elements(r, "cluster-ips")).containsExactly("10.96.0.10");
        assertThat(r.chain("service-SUSTUHLJ-default/web/tcp/http").orElseThrow().rules()).extracting(Rule::render)
                .containsExactly("ip daddr 10.96.0.10 tcp dport 80 ip saddr != 10.244.0.0/16 jump mark-for-masquerade",
                        "goto endpoint-HGNPOIJ5-default/web/tcp/http__10.244.1.5/8080");
    }

    @Test
    void noEndpointsRejectsAndWritesNoServiceChains() {
        Ruleset r = generate(WEB.withNodePort(30000), List.of());
        assertThat(elements(r, "no-endpoint-services"))
                .containsExactly("10.96.0.10 . tcp . 80 comment \"default/web:http\" : goto reject-chain");
        assertThat(elements(r, "no-endpoint-nodeports")).containsExactly("tcp . 30000 comment \"default/web:http\" : goto reject-chain");
        assertThat(r.set("service-ips").orElseThrow().elements()).isEmpty();
        assertThat(r.chains()).noneMatch(c -> ChainNames.isServiceChain(c.name()));
    }

    @Test
    void notReadyNotServingEndpointsAreNeverUsed() {
        Endpoint dead = new Endpoint("10.244.1.5", 8080, false, false, false, java.util.Optional.of("node-1"), java.util.Optional.empty());
        Ruleset r = generate(WEB, List.of(dead));
        assertThat(elements(r, "no-endpoint-services")).hasSize(1);
    }

    @Test
    void bothLocalPoliciesStillWriteTheClusterChainTheShortCircuitNeeds() {
        ServicePort p = WEB.withNodePort(30000).withTrafficPolicies(TrafficPolicy.LOCAL, TrafficPolicy.LOCAL);
        Ruleset r = generate(p, List.of(Endpoint.ready("10.244.2.6", 8080, "node-2")));
        String external = "external-SUSTUHLJ-default/web/tcp/http";
        assertThat(r.chain(external).orElseThrow().rules()).extracting(Rule::text)
                .contains("ip saddr 10.244.0.0/16 goto service-SUSTUHLJ-default/web/tcp/http");
        assertThat(r.chain("service-SUSTUHLJ-default/web/tcp/http")).isPresent();
        assertThat(elements(r, "no-endpoint-services")).containsExactly("10.96.0.10 . tcp . 80 comment \"default/web:http\" : drop");
        assertThat(elements(r, "no-endpoint-nodeports")).containsExactly("tcp . 30000 comment \"default/web:http\" : drop");
    }

    @Test
    void firewallAllowsTheLbIpWhenTheRangesCoverTheNode() {
        ServicePort p = WEB.withLoadBalancer(List.of("192.168.10.240"), List.of("203.0.113.0/24"));
        Ruleset r = generate(p, List.of(Endpoint.ready("10.244.1.5", 8080, "node-1")));
        assertThat(r.chain("firewall-SUSTUHLJ-default/web/tcp/http").orElseThrow().rules()).extracting(Rule::text)
                .containsExactly("ip saddr != { 203.0.113.0/24 } drop");
        ServicePort covering = WEB.withLoadBalancer(List.of("192.168.10.240"), List.of("192.168.10.0/24"));
        assertThat(generate(covering, List.of(Endpoint.ready("10.244.1.5", 8080, "node-1")))
                .chain("firewall-SUSTUHLJ-default/web/tcp/http").orElseThrow().rules()).extracting(Rule::text)
                .containsExactly("ip saddr != { 192.168.10.0/24, 192.168.10.240 } drop");
    }

    @Test
    void otherFamiliesAddressesStayOutOfTheIpv4Table() {
        ServicePort p = WEB.withExternalIps(List.of("fd00::50", "192.168.10.50"))
                .withLoadBalancer(List.of("fd00::240"), List.of("fd00::/64"));
        Ruleset r = generate(p, List.of(Endpoint.ready("fd00::5", 8080, "node-1"), Endpoint.ready("10.244.1.5", 8080, "node-1")));
        assertThat(elements(r, "service-ips")).extracting(e -> e.substring(0, e.indexOf(' ')))
                .containsExactly("10.96.0.10", "192.168.10.50");
        assertThat(r.chains()).noneMatch(c -> c.name().startsWith("firewall-SUSTUHLJ") || c.name().contains("fd00"));
    }

    @Test
    void aServicePortListedTwiceIsRefused() {
        assertThatThrownBy(() -> NftablesGenerator.generate(Scenarios.NODE_1, List.of(WEB, WEB), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default/web:http");
    }
}
