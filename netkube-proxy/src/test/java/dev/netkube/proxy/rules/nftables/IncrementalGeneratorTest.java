package dev.netkube.proxy.rules.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class IncrementalGeneratorTest {
  private static final NodeFacts NODE = new NodeFacts("node-1", List.of("192.168.10.2"), Optional.of("10.244.0.0/16"),
      List.of("10.96.0.0/12"), List.of());

  private static ServicePortName name(int i) { return new ServicePortName("default", "svc-" + i, "http"); }

  private static Endpoint ep(String ip) { return new Endpoint(ip, 80, true, true, false, Optional.of("node-1"), Optional.empty()); }

  @Test
  void aStoryOfChangesGivesWhatTheStatelessGeneratorGivesAndRegeneratesOnlyWhatChanged() {
    IncrementalGenerator gen = new IncrementalGenerator();
    List<ServicePort> ports = new ArrayList<>();
    Map<ServicePortName, List<Endpoint>> eps = new TreeMap<>();
    for (int i = 0; i < 50; i++) {
      ports.add(ServicePort.clusterIp(name(i), Protocol.TCP, "10.96.1." + (i + 1), 80));
      eps.put(name(i), List.of(ep("10.244.0." + (i + 2))));
    }
    assertSame(gen, ports, eps);
    assertThat(gen.generatedLast()).isEqualTo(50);

    eps.put(name(7), List.of(ep("10.244.1.9"), ep("10.244.1.10"))); // endpoints change
    assertSame(gen, ports, eps);
    assertThat(gen.generatedLast()).isEqualTo(1);

    ports.set(3, ports.get(3).withNodePort(30003)); // the service changes
    ports.remove(20); // one goes
    ports.add(ServicePort.clusterIp(name(99), Protocol.UDP, "10.96.2.1", 53)); // one comes, without endpoints
    assertSame(gen, ports, eps);
    assertThat(gen.generatedLast()).isEqualTo(2);

    assertSame(gen, ports, eps); // nothing changed
    assertThat(gen.generatedLast()).isZero();

    NodeFacts other = new NodeFacts("node-1", List.of("192.168.10.9"), Optional.of("10.244.0.0/16"), List.of("10.96.0.0/12"), List.of());
    assertThat(NftText.declarative(gen.generate(other, ports, eps).ruleset()))
        .isEqualTo(NftText.declarative(NftablesGenerator.generate(other, ports, eps).ruleset()));
    assertThat(gen.generatedLast()).isEqualTo(ports.size()); // new node facts: everything anew
  }

  private static void assertSame(IncrementalGenerator gen, List<ServicePort> ports, Map<ServicePortName, List<Endpoint>> eps) {
    assertThat(NftText.declarative(gen.generate(NODE, ports, eps).ruleset()))
        .isEqualTo(NftText.declarative(NftablesGenerator.generate(NODE, ports, eps).ruleset()));
  }
}
