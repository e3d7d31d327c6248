package dev.netkube.proxy.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.proxy.config.PortRange;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProxyPortAllocatorTest {
  @Test
  void aBlankRangeLeavesThePortToTheKernel() {
    ProxyPortAllocator a = new ProxyPortAllocator(PortRange.ANY, new Random(1));
    assertThat(a.next()).hasValue(0);
    assertThat(a.next()).hasValue(0);
  }

  @Test
  void aRangeHandsOutEachPortOnceUntilReleased() {
    ProxyPortAllocator a = new ProxyPortAllocator(PortRange.parse("40000-40003").orElseThrow(), new Random(1));
    Set<Integer> got = new HashSet<>();
    for (int i = 0; i < 4; i++) got.add(a.next().orElseThrow());
    assertThat(got).containsExactlyInAnyOrder(40000, 40001, 40002, 40003);
    assertThat(a.next()).isEmpty();
    a.release(40002);
    a.release(12345); // not ours: ignored
    assertThat(a.next()).hasValue(40002);
  }

  @Test
  void portRangesParseAsUpstreamsAndBadOnesAreNone() {
    assertThat(PortRange.parse("")).contains(PortRange.ANY);
    assertThat(PortRange.parse("30000-30009")).contains(new PortRange(30000, 10));
    assertThat(PortRange.parse("30000+9")).contains(new PortRange(30000, 10));
    assertThat(PortRange.parse("8080")).contains(new PortRange(8080, 1));
    assertThat(PortRange.parse("9-1")).isEmpty();
    assertThat(PortRange.parse("1-70000")).isEmpty();
    assertThat(PortRange.parse("abc")).isEmpty();
  }
}
