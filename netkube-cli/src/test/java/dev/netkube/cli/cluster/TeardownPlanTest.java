package dev.netkube.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TeardownPlanTest {
  @Test
  void everythingOfThePrefixGoesAndNothingElse() {
    TeardownPlan plan = TeardownPlan.of("nk", List.of("eth0", "lo", "nk-lan", "nkx-lan", "nk2-lan"),
        List.of("nk-node-2", "nk-lan", "nk-node-1", "nk-pod-abc", "nk-client", "nkt1-lan", "cni-123"),
        List.of("inet nk-guard", "ip nat", "inet nkt1-guard", "ip nk-other"));
    assertThat(plan.hostLinks()).containsExactly("nk-lan");
    assertThat(plan.netns()).containsExactly("nk-client", "nk-lan", "nk-node-1", "nk-node-2", "nk-pod-abc");
    assertThat(plan.nftTables()).containsExactly("inet nk-guard", "ip nk-other");
    assertThat(plan.ipBatch()).isEqualTo(IpBatch.host(List.of("link del nk-lan", "netns del nk-client", "netns del nk-lan",
        "netns del nk-node-1", "netns del nk-node-2", "netns del nk-pod-abc")));
    assertThat(plan.nftScript()).isEqualTo("delete table inet nk-guard\ndelete table ip nk-other\n");
  }

  @Test
  void nothingOfThePrefixIsAnEmptyPlan() {
    assertThat(TeardownPlan.of("nk", List.of("eth0"), List.of("nkt1-lan"), List.of()).isEmpty()).isTrue();
  }
}
