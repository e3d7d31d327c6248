package dev.netkube.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutPlannerTest {
  @Test
  void theDefaultsAreDesignsTable() {
    LayoutPlan plan = LayoutPlanner.plan(LayoutSpec.defaults(2));
    assertThat(plan.lanNetns()).isEqualTo("nk-lan");
    assertThat(plan.host()).isEqualTo(new LayoutPlan.HostPort("nk-lan", "host", "192.168.10.1", 24));
    assertThat(plan.nodes()).containsExactly(
        new LayoutPlan.Member("node-1", 1, "nk-node-1", "eth0", "node-1", "192.168.10.2", 24),
        new LayoutPlan.Member("node-2", 2, "nk-node-2", "eth0", "node-2", "192.168.10.3", 24));
    assertThat(plan.client()).isEqualTo(new LayoutPlan.Member("client", 0, "nk-client", "eth0", "client", "192.168.10.254", 24));
    assertThat(plan.netnsNames()).containsExactly("nk-lan", "nk-node-1", "nk-node-2", "nk-client");
    assertThat(plan.serverUrl(6443)).isEqualTo("https://192.168.10.1:6443");
  }

  @Test
  void everyLinkNameFitsLinuxsLimitAtTheLongestPrefixAndTheMostNodes() {
    LayoutSpec spec = new LayoutSpec("abcdefghijk", Cidr.parse("10.0.0.0/16"), 1000, LayoutSpec.DEFAULT_POD_CIDR,
        LayoutSpec.DEFAULT_SERVICE_CIDR);
    LayoutPlan plan = LayoutPlanner.plan(spec);
    List<String> links = new ArrayList<>(List.of(plan.host().link(), plan.host().bridgePort(), plan.bridge()));
    for (LayoutPlan.Member m : plan.members()) links.addAll(List.of(m.link(), m.bridgePort()));
    assertThat(links).allSatisfy(name -> assertThat(name.length()).isLessThanOrEqualTo(LayoutPlanner.MAX_LINK_NAME));
    assertThat(plan.host().link()).isEqualTo("abcdefghijk-lan");
    assertThat(plan.nodes().get(999).address()).isEqualTo("10.0.3.233");
    assertThat(plan.client().address()).isEqualTo("10.0.255.254");
  }

  @Test
  void anotherLanMovesEveryAddress() {
    LayoutPlan plan = LayoutPlanner.plan(new LayoutSpec("nkt1", Cidr.parse("10.213.7.0/24"), 1, Cidr.parse("10.214.0.0/16"),
        LayoutSpec.DEFAULT_SERVICE_CIDR));
    assertThat(plan.host().addressWithPrefix()).isEqualTo("10.213.7.1/24");
    assertThat(plan.nodes().get(0).addressWithPrefix()).isEqualTo("10.213.7.2/24");
    assertThat(plan.client().address()).isEqualTo("10.213.7.254");
    assertThat(plan.netnsNames()).containsExactly("nkt1-lan", "nkt1-node-1", "nkt1-client");
  }

  @Test
  void specsThatCannotWorkAreRefusedWithTheOptionsName() {
    assertThatThrownBy(() -> spec("nk-1", "192.168.10.0/24", 1, "10.244.0.0/16")).hasMessageStartingWith("--prefix nk-1: use 1 to 11");
    assertThatThrownBy(() -> spec("abcdefghijkl", "192.168.10.0/24", 1, "10.244.0.0/16")).hasMessageStartingWith("--prefix");
    assertThatThrownBy(() -> spec("nk", "192.168.10.0/24", 253, "10.244.0.0/16"))
        .hasMessage("--nodes 253: the LAN 192.168.10.0/24 holds 1 to 252 nodes (its first address is the host's, its last the"
            + " lan client's)");
    assertThatThrownBy(() -> spec("nk", "10.244.1.0/24", 1, "10.244.0.0/16")).hasMessage("--pod-cidr 10.244.0.0/16 overlaps the LAN 10.244.1.0/24");
    assertThatThrownBy(() -> spec("nk", "10.100.0.0/24", 1, "10.244.0.0/16"))
        .hasMessage("the service CIDR 10.96.0.0/12 overlaps the LAN 10.100.0.0/24");
    assertThatThrownBy(() -> spec("nk", "127.1.0.0/24", 1, "10.244.0.0/16")).hasMessage("--lan-cidr 127.1.0.0/24 is in 127.0.0.0/8, which is not for hosts");
    assertThatThrownBy(() -> spec("nk", "192.168.10.0/30", 1, "10.244.0.0/16")).hasMessage("--lan-cidr 192.168.10.0/30: the LAN must be a /16 to /29 network");
    assertThatThrownBy(() -> spec("nk", "192.168.10.0/24", 1, "10.244.0.0/25")).hasMessage("--pod-cidr 10.244.0.0/25: it must hold at least one node's /24");
  }

  private static LayoutSpec spec(String prefix, String lan, int nodes, String pods) {
    return new LayoutSpec(prefix, Cidr.parse(lan), nodes, Cidr.parse(pods), LayoutSpec.DEFAULT_SERVICE_CIDR);
  }
}
