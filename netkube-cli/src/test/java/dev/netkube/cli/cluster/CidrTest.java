package dev.netkube.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {
  @Test
  void parsesNetworksAsUsersWriteThem() {
    Cidr lan = Cidr.parse("192.168.10.0/24");
    assertThat(lan.toString()).isEqualTo("192.168.10.0/24");
    assertThat(lan.size()).isEqualTo(256);
    assertThat(Cidr.format(lan.address(1))).isEqualTo("192.168.10.1");
    assertThat(lan.contains("192.168.10.254")).isTrue();
    assertThat(lan.contains("192.168.11.1")).isFalse();
  }

  @Test
  void refusesHostBitsAndJunkWithAMessageThatHelps() {
    assertThatThrownBy(() -> Cidr.parse("192.168.10.5/24"))
        .hasMessage("192.168.10.5/24 is not a network address (did you mean 192.168.10.0/24?)");
    assertThatThrownBy(() -> Cidr.parse("192.168.10.0"))
        .hasMessage("invalid CIDR address: 192.168.10.0 (expected an IPv4 network such as 192.168.10.0/24)");
    assertThatThrownBy(() -> Cidr.parse("192.168.10.0/33")).hasMessageStartingWith("invalid CIDR address");
    assertThatThrownBy(() -> Cidr.parse("fd00::/64")).hasMessageStartingWith("invalid CIDR address");
  }

  @Test
  void readsWhatIproutePrints() {
    assertThat(Cidr.parseKernel("default")).contains(Cidr.DEFAULT_ROUTE);
    assertThat(Cidr.parseKernel("10.0.0.7")).contains(Cidr.parse("10.0.0.7/32"));
    assertThat(Cidr.parseKernel("192.168.1.20/24")).contains(Cidr.parse("192.168.1.0/24"));
    assertThat(Cidr.parseKernel("fe80::1/64")).isEmpty();
  }

  @Test
  void overlapIsContainmentEitherWay() {
    Cidr pods = Cidr.parse("10.244.0.0/16");
    assertThat(pods.overlaps(Cidr.parse("10.244.3.0/24"))).isTrue();
    assertThat(pods.overlaps(Cidr.parse("10.0.0.0/8"))).isTrue();
    assertThat(pods.overlaps(Cidr.parse("10.245.0.0/16"))).isFalse();
    assertThat(Cidr.DEFAULT_ROUTE.overlaps(pods)).isTrue();
    assertThat(pods.contains(Cidr.parse("10.0.0.0/8"))).isFalse();
  }
}
