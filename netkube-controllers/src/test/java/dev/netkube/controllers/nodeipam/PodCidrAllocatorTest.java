package dev.netkube.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PodCidrAllocatorTest {
  @Test
  void nodesGetConsecutiveSubnetsLowestFreeFirst() {
    PodCidrAllocator a = new PodCidrAllocator("10.244.0.0/16", 24);
    assertThat(a.allocate()).contains("10.244.0.0/24");
    assertThat(a.allocate()).contains("10.244.1.0/24");
    a.release("10.244.0.0/24");
    assertThat(a.allocate()).contains("10.244.0.0/24");
    assertThat(a.allocate()).contains("10.244.2.0/24");
  }

  @Test
  void rebuiltFromExistingNodesItNeverHandsOutATakenSubnet() {
    PodCidrAllocator restarted = new PodCidrAllocator("10.244.0.0/16", 24);
    assertThat(restarted.occupy("10.244.0.0/24")).isTrue();
    assertThat(restarted.occupy("10.244.2.0/24")).isTrue();
    assertThat(restarted.occupy("192.168.0.0/24")).as("outside the range: not ours").isFalse();
    assertThat(restarted.occupy("10.244.3.0/25")).as("another mask: not ours").isFalse();
    assertThat(restarted.allocate()).contains("10.244.1.0/24");
    assertThat(restarted.allocate()).contains("10.244.3.0/24");
    assertThat(restarted.allocated()).isEqualTo(4);
  }

  @Test
  void aFullRangeAllocatesNothing() {
    PodCidrAllocator a = new PodCidrAllocator("10.244.0.0/23", 24);
    assertThat(a.allocate()).isPresent();
    assertThat(a.allocate()).isPresent();
    assertThat(a.allocate()).isEmpty();
  }

  @Test
  void aNodeMaskWiderThanTheClusterIsRefused() {
    assertThatThrownBy(() -> new PodCidrAllocator("10.244.0.0/16", 12)).isInstanceOf(IllegalArgumentException.class);
  }
}
