package dev.netkube.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressesTest {
  @Test
  void parsesAddressesLikeTheSloppyUpstreamParser() {
    assertThat(Addresses.isIpv4("10.96.0.1")).isTrue();
    assertThat(Addresses.isIpv4("010.096.000.001")).isTrue();
    assertThat(Addresses.isIp("256.1.1.1")).isFalse();
    assertThat(Addresses.isIp("example.com")).isFalse();
    assertThat(Addresses.isIpv6("2001:db8::ffff")).isTrue();
    assertThat(Addresses.isIpv6("::1")).isTrue();
    assertThat(Addresses.isIpv6("::")).isTrue();
    assertThat(Addresses.isIpv6("::ffff:10.0.0.1")).isTrue();
    assertThat(Addresses.isIp("1:2:3:4:5:6:7:8:9")).isFalse();
    assertThat(Addresses.isIp("1::2::3")).isFalse();
  }

  @Test
  void cidrs() {
    assertThat(Addresses.isCidr("10.0.0.0/8")).isTrue();
    assertThat(Addresses.isCidr("2001:db8::/64")).isTrue();
    assertThat(Addresses.isCidr("10.0.0.0/33")).isFalse();
    assertThat(Addresses.validCidr("10.0.0.1")).containsExactly("must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
  }

  @Test
  void specialRanges() {
    assertThat(Addresses.nonSpecial("0.0.0.0")).containsExactly("may not be unspecified (0.0.0.0)");
    assertThat(Addresses.nonSpecial("169.254.1.1")).containsExactly("may not be in the link-local range (169.254.0.0/16, fe80::/10)");
    assertThat(Addresses.nonSpecial("192.168.1.1")).isEmpty();
  }
}
