package dev.netkube.controllers.kwok;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodAddressesTest {
  @Test
  void podIpsSkipNetworkGatewayAndBroadcast() {
    PodAddresses a = new PodAddresses();
    assertThat(a.allocate("10.244.1.0/30")).as(".0 network, .1 bridge gateway, .3 broadcast").contains("10.244.1.2");
    assertThat(a.allocate("10.244.1.0/30")).isEmpty();
  }

  @Test
  void releasedAndOccupiedAddressesAreRespected() {
    PodAddresses a = new PodAddresses();
    a.occupy("10.244.0.0/24", "10.244.0.2");
    a.occupy("10.244.0.0/24", "10.9.9.9"); // not in the node's range: ignored
    assertThat(a.allocate("10.244.0.0/24")).contains("10.244.0.3");
    a.release("10.244.0.0/24", "10.244.0.2");
    assertThat(a.allocate("10.244.0.0/24")).contains("10.244.0.2");
    assertThat(a.allocate("10.244.1.0/24")).as("each node's range is separate").contains("10.244.1.2");
  }
}
