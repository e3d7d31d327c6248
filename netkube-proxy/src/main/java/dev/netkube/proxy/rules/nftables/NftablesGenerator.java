package dev.netkube.proxy.rules.nftables;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import dev.netkube.proxy.model.SessionAffinity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pure generator of kube-proxy's nftables layout (v1.32, table {@code ip kube-proxy}; IPv4 only
 * for now, an {@code ip6} table would be a second run with the other family's addresses).
 * Same input, same output: no clock, no kernel, elements and chains sorted.
 */
public final class NftablesGenerator {
    public static final String FAMILY = "ip";
    public static final String TABLE = "kube-proxy";
    public static final String SERVICES = "services";
    public static final String SERVICE_IPS = "service-ips";
    public static final String SERVICE_NODEPORTS = "service-nodeports";
    public static final String NODEPORT_IPS = "nodeport-ips";
    public static final String CLUSTER_IPS = "cluster-ips";
    public static final String SERVICE_ENDPOINTS_CHECK = "service-endpoints-check";
    public static final String NODEPORT_ENDPOINTS_CHECK = "nodeport-endpoints-check";
    public static final String NO_ENDPOINT_SERVICES = "no-endpoint-services";
    public static final String NO_ENDPOINT_NODEPORTS = "no-endpoint-nodeports";
    public static final String REJECT_CHAIN = "reject-chain";
    public static final String CLUSTER_IPS_CHECK = "cluster-ips-check";
    public static final String FIREWALL_IPS = "firewall-ips";
    public static final String FIREWALL_CHECK = "firewall-check";
    public static final String MARK_MASQ = "mark-for-masquerade";
    public static final String MASQUERADING = "masquerading";
    /** Bit 14, kube-proxy's --masquerade-bit default, written as Go's %#08x prints it. */
    public static final String MASQ_MARK = "0x004000";

    private static final String ADDR = "ipv4_addr";
    private static final String IP_PROTO_PORT = ADDR + " . inet_proto . inet_service";
    private static final String PROTO_PORT = "inet_proto . inet_service";

    /** Upstream's base chains: filter before DNAT (to see the service address), NAT at dstnat/srcnat. */
    public static final List<Chain> BASE_CHAINS = List.of(
            base("filter-prerouting", "filter", "prerouting", -110, "dstnat - 10"),
            base("filter-input", "filter", "input", -110, "dstnat - 10"),
            base("filter-forward", "filter", "forward", -110, "dstnat - 10"),
            base("filter-output", "filter", "output", -110, "dstnat - 10"),
            base("filter-output-post-dnat", "filter", "output", -90, "dstnat + 10"),
            base("nat-prerouting", "nat", "prerouting", -100, "dstnat"),
            base("nat-output", "nat", "output", -100, "dstnat"),
            base("nat-postrouting", "nat", "postrouting", 100, "srcnat"));

    /** (target chain, source base chain, condition): the jumps from the base chains, in upstream order. */
    private static final String[][] JUMPS = {
        {NODEPORT_ENDPOINTS_CHECK, "filter-input", "ct state new"},
        {SERVICE_ENDPOINTS_CHECK, "filter-input", "ct state new"},
        {SERVICE_ENDPOINTS_CHECK, "filter-forward", "ct state new"},
        {SERVICE_ENDPOINTS_CHECK, "filter-output", "ct state new"},
        // reject is not allowed in prerouting before kernel 5.9, so only the firewall runs there.
        {FIREWALL_CHECK, "filter-prerouting", "ct state new"},
        {FIREWALL_CHECK, "filter-output", "ct state new"},
        {SERVICES, "nat-output", ""},
        {SERVICES, "nat-prerouting", ""},
        {MASQUERADING, "nat-postrouting", ""},
        {CLUSTER_IPS_CHECK, "filter-forward", "ct state new"},
        {CLUSTER_IPS_CHECK, "filter-output-post-dnat", "ct state new"},
    };

    private NftablesGenerator() {}

    private static Chain base(String name, String type, String hook, int priority, String upstream) {
        return Chain.base(name, new BaseHook(type, hook, priority, upstream), List.of());
    }

    public static GeneratedRules generate(NodeFacts node, List<ServicePort> ports,
            Map<ServicePortName, List<Endpoint>> endpoints) {
        TreeMap<ServicePortName, ServicePortRules> perPort = new TreeMap<>();
        for (ServicePort port : ports) {
            if (perPort.containsKey(port.name())) {
                throw new IllegalArgumentException("service port listed twice: " + port.name());
            }
            ServicePortGenerator.generate(node, port, endpoints.getOrDefault(port.name(), List.of()))
                    .ifPresent(r -> perPort.put(port.name(), r));
        }
        return new GeneratedRules(skeleton(node), perPort);
    }

    static Ruleset skeleton(NodeFacts node) {
        Map<String, List<Rule>> rules = new TreeMap<>();
        for (String[] jump : JUMPS) {
            String cond = jump[2].isEmpty() ? "" : jump[2] + " ";
            rules.computeIfAbsent(jump[1], k -> new ArrayList<>()).add(Rule.of(cond + "jump " + jump[0]));
        }
        List<Chain> chains = new ArrayList<>();
        for (Chain b : BASE_CHAINS) {
            chains.add(new Chain(b.name(), b.hook(), rules.getOrDefault(b.name(), List.of())));
        }
        List<String> nodePortIps = node.nodePortIps();
        boolean allLocal = node.nodePortAddresses().isEmpty();
        String nodePortMatch = allLocal ? "ip daddr != 127.0.0.0/8" : "ip daddr @" + NODEPORT_IPS;

        chains.add(Chain.regular(NODEPORT_ENDPOINTS_CHECK, List.of(
                Rule.of(nodePortMatch + " meta l4proto . th dport vmap @" + NO_ENDPOINT_NODEPORTS))));
        chains.add(Chain.regular(SERVICE_ENDPOINTS_CHECK, List.of(
                Rule.of("ip daddr . meta l4proto . th dport vmap @" + NO_ENDPOINT_SERVICES))));
        chains.add(Chain.regular(FIREWALL_CHECK, List.of(
                Rule.of("ip daddr . meta l4proto . th dport vmap @" + FIREWALL_IPS))));
        chains.add(Chain.regular(SERVICES, List.of(
                Rule.of("ip daddr . meta l4proto . th dport vmap @" + SERVICE_IPS),
                Rule.of((allLocal ? "fib daddr type local " + nodePortMatch : nodePortMatch)
                        + " meta l4proto . th dport vmap @" + SERVICE_NODEPORTS))));
        chains.add(Chain.regular(MASQUERADING, List.of(
                Rule.of("mark and " + MASQ_MARK + " == 0 return"),
                Rule.of("mark set mark xor " + MASQ_MARK),
                Rule.of("masquerade fully-random"))));
        List<Rule> clusterIpsCheck = new ArrayList<>();
        clusterIpsCheck.add(Rule.of("ip daddr @" + CLUSTER_IPS + " reject", "Reject traffic to invalid ports of ClusterIPs"));
        List<String> serviceCidrs = node.serviceCidrs().stream().filter(dev.netkube.proxy.model.Ipv4::isCidr).toList();
        if (!serviceCidrs.isEmpty()) {
            clusterIpsCheck.add(Rule.of("ip daddr { " + String.join(", ", serviceCidrs) + " } drop",
                    "Drop traffic to unallocated ClusterIPs"));
        }
        chains.add(Chain.regular(CLUSTER_IPS_CHECK, clusterIpsCheck));
        chains.add(Chain.regular(MARK_MASQ, List.of(Rule.of("mark set mark or " + MASQ_MARK))));
        chains.add(Chain.regular(REJECT_CHAIN, List.of(Rule.of("reject"))));

        List<NftSet> sets = new ArrayList<>();
        sets.add(NftSet.set(CLUSTER_IPS, ADDR, "Active ClusterIPs"));
        if (!allLocal) {
            sets.add(NftSet.set(NODEPORT_IPS, ADDR, "IPs that accept NodePort traffic")
                    .withElements(nodePortIps.stream().map(Element::key).toList()));
        }
        sets.add(NftSet.verdictMap(NO_ENDPOINT_SERVICES, IP_PROTO_PORT, "vmap to drop or reject packets to services with no endpoints"));
        sets.add(NftSet.verdictMap(NO_ENDPOINT_NODEPORTS, PROTO_PORT, "vmap to drop or reject packets to service nodeports with no endpoints"));
        sets.add(NftSet.verdictMap(FIREWALL_IPS, IP_PROTO_PORT, "destinations that are subject to LoadBalancerSourceRanges"));
        sets.add(NftSet.verdictMap(SERVICE_IPS, IP_PROTO_PORT, "ClusterIP, ExternalIP and LoadBalancer IP traffic"));
        sets.add(NftSet.verdictMap(SERVICE_NODEPORTS, PROTO_PORT, "NodePort traffic"));
        return new Ruleset(FAMILY, TABLE, "rules for kube-proxy", chains, sets);
    }

    static NftSet affinitySet(String name, SessionAffinity.ClientIp affinity) {
        // "dynamic" although only stateful sets need it: some kernels add it anyway, and a later
        // "add set" without it would then fail as a flags change (upstream's note).
        return new NftSet(name, ADDR, Optional.empty(), List.of("dynamic", "timeout"),
                java.util.OptionalInt.of(affinity.timeoutSeconds()), Optional.empty(), List.of());
    }
}
