package dev.netkube.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Telling a mounted netns from the empty file a lost mount leaves under /run/netns. */
class NetnsMountsTest {
  private static final List<String> MOUNTINFO = List.of(
      "24 1 0:22 / / rw,relatime shared:1 - overlay overlay rw",
      "42 24 0:25 / /run rw,nosuid shared:5 - tmpfs tmpfs rw",
      "43 42 0:4 net:[4026532178] /run/netns/nk-node-1 rw shared:2 - nsfs nsfs rw",
      "44 42 0:4 net:[4026532180] /run/netns/odd\\040name rw - nsfs nsfs rw",
      "45 42 0:26 / /run/netns/not-a-netns rw - tmpfs tmpfs rw");

  @Test
  void onlyAnNsfsMountAtThePathIsALiveNetns() {
    assertThat(NetnsMounts.isNsfsMountPoint(MOUNTINFO, "/run/netns/nk-node-1")).isTrue();
    assertThat(NetnsMounts.isNsfsMountPoint(MOUNTINFO, "/run/netns/odd name")).isTrue();
    assertThat(NetnsMounts.isNsfsMountPoint(MOUNTINFO, "/run/netns/nk-node-2")).isFalse();
    assertThat(NetnsMounts.isNsfsMountPoint(MOUNTINFO, "/run/netns/not-a-netns")).isFalse();
    assertThat(NetnsMounts.isNsfsMountPoint(MOUNTINFO, "/run/netns")).isFalse();
  }
}
