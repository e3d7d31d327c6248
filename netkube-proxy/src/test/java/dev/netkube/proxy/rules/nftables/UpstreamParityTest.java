package dev.netkube.proxy.rules.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import dev.netkube.proxy.model.SessionAffinity;
import dev.netkube.proxy.model.TrafficPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Services of upstream's TestOverallNFTablesRules (pkg/proxy/nftables/proxier_test.go), whose
 * expected per-service commands we compare with ours. Upstream's node: 192.168.0.2, cluster CIDR
 * 10.0.0.0/8, node ports on the node IP only. Two differences are ours by choice: v1.32's
 * cluster-IP masquerade rule matches the port too ({@code tcp dport 80}); later versions dropped it.
 * And a service chain picks its endpoint with one rule per endpoint ({@code numgen random mod N-i 0
 * goto ...}, the last a plain goto) where upstream writes an anonymous verdict map into one rule:
 * nft 1.0.6's cost per anonymous set grows with the sets already there, so 10,000 services took over
 * a minute to load instead of two seconds.
 */
class UpstreamParityTest {
    private static final NodeFacts NODE = new NodeFacts("node1", List.of("192.168.0.2"), Optional.of("10.0.0.0/8"),
            List.of("172.30.0.0/16"), List.of("primary"));

    private static ServicePort port(String ns, String svc, String ip) {
        return ServicePort.clusterIp(new ServicePortName(ns, svc, "p80"), Protocol.TCP, ip, 80);
    }

    private static Endpoint remote(String ip) {
        return new Endpoint(ip, 80, true, true, false, Optional.empty(), Optional.empty());
    }

    /** Our transaction's lines about one service, as upstream's expected dump lists them (set-like). */
    private static List<String> commandsFor(GeneratedRules rules, String token) {
        String tx = new ChangeTracker().plan(rules, java.time.Instant.EPOCH).transaction().orElseThrow();
        List<String> out = new ArrayList<>();
        for (String line : tx.split("\n")) {
            if (line.contains(token) && !line.startsWith("flush ")) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void localPolicyLoadBalancerWithoutLocalEndpoints() {
        ServicePort svc2 = port("ns2", "svc2", "172.30.0.42").withNodePort(3001).withExternalIps(List.of("192.168.99.22"))
                .withLoadBalancer(List.of("1.2.3.4"), List.of()).withTrafficPolicies(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER)
                .withHealthCheckNodePort(30000);
        GeneratedRules rules = NftablesGenerator.generate(NODE, List.of(svc2), Map.of(svc2.name(), List.of(remote("10.180.0.2"))));
        assertThat(commandsFor(rules, "ns2/svc2") ).containsExactlyInAnyOrder(
                "add chain ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80",
                "add rule ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80 ip daddr 172.30.0.42 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade",
                // upstream: "... numgen random mod 1 vmap { 0 : goto endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 }"
                "add rule ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80 goto endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80",
                "add chain ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80",
                "add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 ip saddr 10.0.0.0/8 goto service-42NFTM6N-ns2/svc2/tcp/p80 comment \"short-circuit pod traffic\"",
                "add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local jump mark-for-masquerade comment \"masquerade local traffic\"",
                "add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local goto service-42NFTM6N-ns2/svc2/tcp/p80 comment \"short-circuit local traffic\"",
                "add chain ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80",
                "add rule ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 ip saddr 10.180.0.2 jump mark-for-masquerade",
                "add rule ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 meta l4proto tcp dnat to 10.180.0.2:80",
                "add element ip kube-proxy service-ips { 172.30.0.42 . tcp . 80 : goto service-42NFTM6N-ns2/svc2/tcp/p80 }",
                "add element ip kube-proxy service-ips { 192.168.99.22 . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }",
                "add element ip kube-proxy service-ips { 1.2.3.4 . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }",
                "add element ip kube-proxy service-nodeports { tcp . 3001 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }",
                "add element ip kube-proxy no-endpoint-nodeports { tcp . 3001 comment \"ns2/svc2:p80\" : drop }",
                "add element ip kube-proxy no-endpoint-services { 1.2.3.4 . tcp . 80 comment \"ns2/svc2:p80\" : drop }",
                "add element ip kube-proxy no-endpoint-services { 192.168.99.22 . tcp . 80 comment \"ns2/svc2:p80\" : drop }");
    }

    @Test
    void clusterPolicyLoadBalancerWithSourceRangesAndAffinity() {
        ServicePort svc5 = port("ns5", "svc5", "172.30.0.45").withNodePort(3002)
                .withLoadBalancer(List.of("5.6.7.8"), List.of(" 203.0.113.0/25")).withHealthCheckNodePort(30000)
                .withSessionAffinity(SessionAffinity.clientIp(10800));
        GeneratedRules rules = NftablesGenerator.generate(NODE, List.of(svc5), Map.of(svc5.name(), List.of(remote("10.180.0.3"))));
        String ep = "endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80";
        String aff = "affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80";
        String svc = "service-HVFWP5L3-ns5/svc5/tcp/p80";
        String ext = "external-HVFWP5L3-ns5/svc5/tcp/p80";
        String fw = "firewall-HVFWP5L3-ns5/svc5/tcp/p80";
        assertThat(commandsFor(rules, "ns5/svc5")).containsExactlyInAnyOrder(
                // upstream spaces the set's body "{ type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; }"
                "add set ip kube-proxy " + aff + " { type ipv4_addr; flags dynamic,timeout; timeout 10800s ; }",
                "add chain ip kube-proxy " + svc,
                "add rule ip kube-proxy " + svc + " ip daddr 172.30.0.45 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade",
                "add rule ip kube-proxy " + svc + " ip saddr @" + aff + " goto " + ep,
                // upstream: "... numgen random mod 1 vmap { 0 : goto <ep> }"
                "add rule ip kube-proxy " + svc + " goto " + ep,
                "add chain ip kube-proxy " + ext,
                "add rule ip kube-proxy " + ext + " jump mark-for-masquerade",
                "add rule ip kube-proxy " + ext + " goto " + svc,
                "add chain ip kube-proxy " + ep,
                "add rule ip kube-proxy " + ep + " ip saddr 10.180.0.3 jump mark-for-masquerade",
                "add rule ip kube-proxy " + ep + " update @" + aff + " { ip saddr }",
                "add rule ip kube-proxy " + ep + " meta l4proto tcp dnat to 10.180.0.3:80",
                "add chain ip kube-proxy " + fw,
                "add rule ip kube-proxy " + fw + " ip saddr != { 203.0.113.0/25 } drop",
                "add element ip kube-proxy service-ips { 172.30.0.45 . tcp . 80 : goto " + svc + " }",
                "add element ip kube-proxy service-ips { 5.6.7.8 . tcp . 80 : goto " + ext + " }",
                "add element ip kube-proxy service-nodeports { tcp . 3002 : goto " + ext + " }",
                "add element ip kube-proxy firewall-ips { 5.6.7.8 . tcp . 80 : goto " + fw + " }");
    }

    @Test
    void serviceWithoutEndpointsIsTwoElements() {
        ServicePort svc6 = port("ns6", "svc6", "172.30.0.46");
        GeneratedRules rules = NftablesGenerator.generate(NODE, List.of(svc6), Map.of());
        assertThat(commandsFor(rules, "172.30.0.46")).containsExactlyInAnyOrder(
                "add element ip kube-proxy cluster-ips { 172.30.0.46 }",
                "add element ip kube-proxy no-endpoint-services { 172.30.0.46 . tcp . 80 comment \"ns6/svc6:p80\" : goto reject-chain }");
    }

    @Test
    void nodePortsOnTheNodeIpOnly() {
        GeneratedRules rules = NftablesGenerator.generate(NODE, List.of(), Map.of());
        assertThat(commandsFor(rules, "nodeport-ips")).contains(
                "add element ip kube-proxy nodeport-ips { 192.168.0.2 }",
                "add rule ip kube-proxy services ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports",
                "add rule ip kube-proxy nodeport-endpoints-check ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports");
    }
}
