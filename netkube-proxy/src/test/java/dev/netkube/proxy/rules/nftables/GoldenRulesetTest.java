package dev.netkube.proxy.rules.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.proxy.scenario.Goldens;
import dev.netkube.proxy.scenario.Scenario;
import dev.netkube.proxy.scenario.Scenarios;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GoldenRulesetTest {
    static List<Scenario> scenarios() {
        return Scenarios.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void rulesetMatchesGolden(Scenario s) {
        Goldens.assertMatches("nftables/" + s.name() + ".nft", NftText.declarative(s.generate().ruleset()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void generationIsDeterministicWhateverTheInputOrder(Scenario s) {
        List<dev.netkube.proxy.model.ServicePort> reversed = new java.util.ArrayList<>(s.ports());
        java.util.Collections.reverse(reversed);
        var shuffledEndpoints = new java.util.HashMap<dev.netkube.proxy.model.ServicePortName, List<dev.netkube.proxy.model.Endpoint>>();
        s.endpoints().forEach((k, v) -> {
            List<dev.netkube.proxy.model.Endpoint> r = new java.util.ArrayList<>(v);
            java.util.Collections.reverse(r);
            shuffledEndpoints.put(k, r);
        });
        String again = NftText.declarative(NftablesGenerator.generate(s.node(), reversed, shuffledEndpoints).ruleset());
        assertThat(again).isEqualTo(NftText.declarative(s.generate().ruleset()));
    }
}
