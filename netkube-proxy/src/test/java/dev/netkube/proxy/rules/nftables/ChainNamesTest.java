package dev.netkube.proxy.rules.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.ServicePortName;
import org.junit.jupiter.api.Test;

class ChainNamesTest {
    @Test
    void matchesUpstreamsDocumentedExamples() {
        // proxier.go's comments: "ULMVA6XW-ns1/svc1/tcp/p80" and "5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80".
        ServicePortName p80 = new ServicePortName("ns1", "svc1", "p80");
        assertThat(ChainNames.servicePortBase(p80, "tcp")).isEqualTo("ULMVA6XW-ns1/svc1/tcp/p80");
        assertThat(ChainNames.endpointBase(p80, "tcp", Endpoint.ready("10.180.0.1", 80, "n")))
                .isEqualTo("5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80");
    }

    @Test
    void truncatesOverlongNamesKeepingTheHash() {
        String longName = "x".repeat(300);
        String base = ChainNames.hashAndTruncate(longName);
        assertThat(base).hasSize(240).endsWith("...");
        assertThat(base).isNotEqualTo(ChainNames.hashAndTruncate(longName + "y"));
    }

    @Test
    void serviceChainsAreTheOnesWithASlash() {
        assertThat(ChainNames.isServiceChain("service-ULMVA6XW-ns1/svc1/tcp/p80")).isTrue();
        assertThat(ChainNames.isServiceChain("reject-chain")).isFalse();
    }
}
