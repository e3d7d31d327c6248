package dev.netkube.proxy.scenario;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import dev.netkube.proxy.rules.nftables.GeneratedRules;
import dev.netkube.proxy.rules.nftables.NftablesGenerator;
import java.util.List;
import java.util.Map;

/** A golden-file scenario: generator input plus what packets must do on the resulting ruleset. */
public record Scenario(String name, NodeFacts node, List<ServicePort> ports, Map<ServicePortName, List<Endpoint>> endpoints,
        List<TraceCase> cases) {

    public GeneratedRules generate() {
        return NftablesGenerator.generate(node, ports, endpoints);
    }

    @Override
    public String toString() {
        return name;
    }
}
