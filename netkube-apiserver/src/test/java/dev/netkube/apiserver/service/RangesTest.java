package dev.netkube.apiserver.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ranges and upstream's static bands for netkube's defaults. */
class RangesTest {
  @Test
  void defaultRangesAndTheirStaticBands() {
    ClusterIpAllocator ips = new ClusterIpAllocator(Ipv4Cidr.parse("10.96.0.0/12"), new Random(3));
    assertThat(ips.first()).isEqualTo("10.96.0.1");
    assertThat(Bitmap.staticBand(1L << 20, 16, 256, 16)).isEqualTo(256);
    assertThat(Bitmap.staticBand(2768, 16, 128, 32)).isEqualTo(86);
    // Dynamic picks stay out of 10.96.0.1-10.96.1.0 and 30000-30085 while the rest has room.
    for (int i = 0; i < 2000; i++) {
      String ip = ((Grant.Granted<String>) ips.allocateNext()).value();
      assertThat(Ipv4Cidr.parseAddress(ip).getAsLong() - Ipv4Cidr.parseAddress("10.96.0.0").getAsLong()).isGreaterThan(256);
    }
    NodePortAllocator ports = new NodePortAllocator(PortRange.parse("30000-32767"), new Random(3));
    for (int i = 0; i < 2768 - 86; i++) assertThat(((Grant.Granted<Integer>) ports.allocateNext()).value()).isGreaterThanOrEqualTo(30086);
    assertThat(((Grant.Granted<Integer>) ports.allocateNext()).value()).isLessThan(30086);
    assertThat(ports.check(30000)).isInstanceOf(Grant.Granted.class);
  }

  @Test
  void parsing() {
    assertThat(Ipv4Cidr.parse("10.96.0.0/12")).hasToString("10.96.0.0/12");
    assertThat(PortRange.parse("30000-32767")).hasToString("30000-32767");
    assertThat(PortRange.parse("30000-32767").size()).isEqualTo(2768);
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.96.0.1/12")).hasMessageContaining("host bits");
    assertThatThrownBy(() -> PortRange.parse("32767-30000")).hasMessageContaining("invalid port range");
    assertThat(Ipv4Cidr.parseAddress("fd00::1")).isEmpty();
  }
}
