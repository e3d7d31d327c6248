package dev.netkube.proxy.rules.nftables;

import static dev.netkube.proxy.rules.nftables.NftablesGenerator.CLUSTER_IPS;
import static dev.netkube.proxy.rules.nftables.NftablesGenerator.FIREWALL_IPS;
import static dev.netkube.proxy.rules.nftables.NftablesGenerator.MARK_MASQ;
import static dev.netkube.proxy.rules.nftables.NftablesGenerator.NO_ENDPOINT_NODEPORTS;
import static dev.netkube.proxy.rules.nftables.NftablesGenerator.NO_ENDPOINT_SERVICES;
import static dev.netkube.proxy.rules.nftables.NftablesGenerator.REJECT_CHAIN;
import static dev.netkube.proxy.rules.nftables.NftablesGenerator.SERVICE_IPS;
import static dev.netkube.proxy.rules.nftables.NftablesGenerator.SERVICE_NODEPORTS;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.Ipv4;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.SessionAffinity;
import dev.netkube.proxy.rules.EndpointCategories;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rules of one service port, following kube-proxy's syncProxyRules step by step. */
final class ServicePortGenerator {
    private final NodeFacts node;
    private final ServicePort sp;
    private final String proto;
    private final String clusterIp;
    private final String clusterChain;
    private final String localChain;
    private final String externalChain;
    private final String firewallChain;
    private final List<Chain> chains = new ArrayList<>();
    private final List<NftSet> sets = new ArrayList<>();
    private final List<MapEntry> entries = new ArrayList<>();

    private ServicePortGenerator(NodeFacts node, ServicePort sp, String clusterIp) {
        this.node = node;
        this.sp = sp;
        this.proto = sp.protocol().nft();
        this.clusterIp = clusterIp;
        String base = ChainNames.servicePortBase(sp.name(), proto);
        this.clusterChain = "service-" + base;
        this.localChain = "local-" + base;
        this.externalChain = "external-" + base;
        this.firewallChain = "firewall-" + base;
    }

    /** Empty when the port has no IPv4 cluster IP (this table is IPv4's). */
    static Optional<ServicePortRules> generate(NodeFacts node, ServicePort sp, List<Endpoint> endpoints) {
        return sp.clusterIps().stream().filter(Ipv4::isIpv4).findFirst()
                .map(ip -> new ServicePortGenerator(node, sp, ip).build(endpoints));
    }

    private ServicePortRules build(List<Endpoint> all) {
        // This table is IPv4's: other families' addresses belong to the ip6 table.
        EndpointCategories categories = EndpointCategories.of(node, sp, all);
        List<Endpoint> cluster = categories.cluster();
        List<Endpoint> local = categories.local();
        boolean hasEndpoints = categories.hasEndpoints();
        List<Endpoint> reachable = categories.reachable();
        boolean usesClusterChain = categories.usesClusterChain();
        boolean usesLocalChain = categories.usesLocalChain(sp);
        String internalChain = sp.internalPolicyLocal() ? localChain : clusterChain;
        boolean hasInternal = categories.hasInternal(sp);
        String externalPolicyChain = sp.externalPolicyLocal() ? localChain : clusterChain;
        boolean hasExternal = categories.hasExternal(sp);
        boolean usesExternalChain = hasEndpoints && sp.externallyAccessible();

        // No endpoints at all: reject (fast failure). Endpoints elsewhere but none here for Local: drop.
        String internalFilter = hasEndpoints ? "drop" : "goto " + REJECT_CHAIN;
        String externalFilter = internalFilter;
        String comment = sp.name().toString();
        String port = Integer.toString(sp.port());

        entries.add(new MapEntry(CLUSTER_IPS, Element.key(clusterIp)));
        if (hasInternal) {
            entries.add(new MapEntry(SERVICE_IPS, Element.mapping(key(clusterIp, port), "goto " + internalChain)));
        } else {
            entries.add(new MapEntry(NO_ENDPOINT_SERVICES, Element.mapping(key(clusterIp, port), internalFilter, comment)));
        }
        for (String ip : v4(sp.externalIps())) {
            if (hasEndpoints) {
                entries.add(new MapEntry(SERVICE_IPS, Element.mapping(key(ip, port), "goto " + externalChain)));
            }
            if (!hasExternal) {
                entries.add(new MapEntry(NO_ENDPOINT_SERVICES, Element.mapping(key(ip, port), externalFilter, comment)));
            }
        }
        boolean usesFirewall = !v4(sp.loadBalancerIps()).isEmpty() && !sourceRanges().isEmpty();
        for (String ip : v4(sp.loadBalancerIps())) {
            if (hasEndpoints) {
                entries.add(new MapEntry(SERVICE_IPS, Element.mapping(key(ip, port), "goto " + externalChain)));
            }
            if (usesFirewall) {
                entries.add(new MapEntry(FIREWALL_IPS, Element.mapping(key(ip, port), "goto " + firewallChain)));
            }
            if (!hasExternal) {
                entries.add(new MapEntry(NO_ENDPOINT_SERVICES, Element.mapping(key(ip, port), externalFilter, comment)));
            }
        }
        if (sp.nodePort().isPresent()) {
            String np = proto + " . " + sp.nodePort().getAsInt();
            // Node ports are not subject to loadBalancerSourceRanges (upstream cannot change that now).
            if (hasEndpoints) {
                entries.add(new MapEntry(SERVICE_NODEPORTS, Element.mapping(np, "goto " + externalChain)));
            }
            if (!hasExternal) {
                entries.add(new MapEntry(NO_ENDPOINT_NODEPORTS, Element.mapping(np, externalFilter, comment)));
            }
        }

        List<Rule> internalRules = new ArrayList<>();
        Optional<String> clusterCidr = node.clusterCidr().filter(Ipv4::isCidr);
        if (hasInternal && clusterCidr.isPresent()) {
            // Off-cluster clients reaching a cluster IP through this node: masquerade so replies come back here.
            internalRules.add(Rule.of("ip daddr " + clusterIp + " " + proto + " dport " + port + " ip saddr != "
                    + clusterCidr.get() + " jump " + MARK_MASQ));
        }
        if (usesExternalChain) {
            chains.add(Chain.regular(externalChain, externalRules(hasExternal, externalPolicyChain)));
        }
        if (usesFirewall) {
            chains.add(Chain.regular(firewallChain, List.of(firewallRule())));
        }
        Optional<SessionAffinity.ClientIp> affinity = sp.sessionAffinity() instanceof SessionAffinity.ClientIp c
                ? Optional.of(c) : Optional.empty();
        affinity.ifPresent(a -> reachable.forEach(e -> sets.add(
                NftablesGenerator.affinitySet("affinity-" + endpointBase(e), a))));
        if (usesClusterChain) {
            List<Rule> rules = internalChain.equals(clusterChain) ? new ArrayList<>(internalRules) : new ArrayList<>();
            rules.addAll(toEndpoints(cluster, affinity.isPresent()));
            chains.add(Chain.regular(clusterChain, rules));
        }
        if (usesLocalChain) {
            List<Rule> rules = internalChain.equals(localChain) ? new ArrayList<>(internalRules) : new ArrayList<>();
            rules.addAll(toEndpoints(local, affinity.isPresent()));
            chains.add(Chain.regular(localChain, rules));
        }
        for (Endpoint e : reachable) {
            List<Rule> rules = new ArrayList<>();
            // Hairpin: a pod reaching itself through the service must be masqueraded or it would answer itself directly.
            rules.add(Rule.of("ip saddr " + e.ip() + " jump " + MARK_MASQ));
            if (affinity.isPresent()) {
                rules.add(Rule.of("update @affinity-" + endpointBase(e) + " { ip saddr }"));
            }
            rules.add(Rule.of("meta l4proto " + proto + " dnat to " + e));
            chains.add(Chain.regular("endpoint-" + endpointBase(e), rules));
        }
        return new ServicePortRules(sp.name(), chains, sets, entries);
    }

    private List<Rule> externalRules(boolean hasExternal, String externalPolicyChain) {
        List<Rule> rules = new ArrayList<>();
        if (!sp.externalPolicyLocal()) {
            // Endpoints may be on another node: masquerade so the reply returns through this one.
            rules.add(Rule.of("jump " + MARK_MASQ));
        } else {
            node.clusterCidr().filter(Ipv4::isCidr).ifPresent(cidr -> rules.add(
                    Rule.of("ip saddr " + cidr + " goto " + clusterChain, "short-circuit pod traffic")));
            // The host's own source address is the VIP's node: masquerade it and treat it as Cluster.
            rules.add(Rule.of("fib saddr type local jump " + MARK_MASQ, "masquerade local traffic"));
            rules.add(Rule.of("fib saddr type local goto " + clusterChain, "short-circuit local traffic"));
        }
        if (hasExternal) {
            rules.add(Rule.of("goto " + externalPolicyChain));
        }
        return rules;
    }

    private Rule firewallRule() {
        List<String> sources = new ArrayList<>(sourceRanges());
        // A VIP bound locally makes the node's own requests arrive from the VIP: let them through.
        boolean allowFromNode = node.primaryIp()
                .map(ip -> sourceRanges().stream().anyMatch(c -> Ipv4.inCidr(ip, c)))
                .orElse(false);
        if (allowFromNode) {
            sources.addAll(v4(sp.loadBalancerIps()));
        }
        return Rule.of("ip saddr != { " + String.join(", ", sources) + " } drop");
    }

    private List<Rule> toEndpoints(List<Endpoint> endpoints, boolean affinity) {
        List<Rule> rules = new ArrayList<>();
        if (affinity) {
            for (Endpoint e : endpoints) {
                rules.add(Rule.of("ip saddr @affinity-" + endpointBase(e) + " goto endpoint-" + endpointBase(e)));
            }
        }
        // Upstream writes "numgen random mod N vmap { 0 : goto ..., ... }": an anonymous set per chain,
        // and nft 1.0.6's cost per set grows with the sets already in the table (10,000 services took
        // over a minute). The same uniform choice without a set, as iptables' statistic rules make it:
        // each rule takes its share of what the earlier ones left, 1/N, 1/(N-1), ..., the last the rest.
        int n = endpoints.size();
        for (int i = 0; i < n; i++) {
            String target = "goto endpoint-" + endpointBase(endpoints.get(i));
            rules.add(Rule.of(i < n - 1 ? "numgen random mod " + (n - i) + " 0 " + target : target));
        }
        return rules;
    }

    private List<String> sourceRanges() {
        return sp.loadBalancerSourceRanges().stream().map(String::trim).filter(Ipv4::isCidr).toList();
    }

    private static List<String> v4(List<String> ips) {
        return ips.stream().filter(Ipv4::isIpv4).toList();
    }

    private String endpointBase(Endpoint e) {
        return ChainNames.endpointBase(sp.name(), proto, e);
    }

    private String key(String ip, String port) {
        return ip + " . " + proto + " . " + port;
    }

}
