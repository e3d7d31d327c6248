package dev.netkube.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostRangeCheckTest {
  final LayoutSpec spec = LayoutSpec.defaults(1);

  static HostRoute route(String dst, String dev, String via) {
    return new HostRoute(Cidr.parseKernel(dst).orElseThrow(), Optional.ofNullable(dev), Optional.ofNullable(via), "unicast");
  }

  @Test
  void aHostWithOnlyItsOwnNetworksIsFine() {
    HostRangeCheck.HostNetwork host = new HostRangeCheck.HostNetwork(
        List.of(new HostAddress("lo", "127.0.0.1/8"), new HostAddress("eth0", "192.168.1.20/24"),
            new HostAddress("docker0", "172.17.0.1/16")),
        List.of(route("default", "eth0", "192.168.1.1"), route("192.168.1.0/24", "eth0", null), route("172.17.0.0/16", "docker0", null)),
        Map.of());
    assertThat(HostRangeCheck.conflicts(spec, "nk-lan", host)).isEmpty();
  }

  @Test
  void theLayoutsOwnAddressAndRoutesAreNotConflicts() {
    HostRangeCheck.HostNetwork host = new HostRangeCheck.HostNetwork(List.of(new HostAddress("nk-lan", "192.168.10.1/24")),
        List.of(route("192.168.10.0/24", "nk-lan", null), route("10.244.0.0/24", "nk-lan", "192.168.10.2")), Map.of());
    assertThat(HostRangeCheck.conflicts(spec, "nk-lan", host)).isEmpty();
  }

  @Test
  void aWifiOnTheSeedsLanIsRefusedWithAFreeLanToUseInstead() {
    HostRangeCheck.HostNetwork host = new HostRangeCheck.HostNetwork(List.of(new HostAddress("wlan0", "192.168.10.23/24")),
        List.of(route("192.168.10.0/24", "wlan0", null), route("10.0.0.0/8", "tun0", "10.8.0.1")), Map.of());
    List<RangeConflict> conflicts = HostRangeCheck.conflicts(spec, "nk-lan", host);
    assertThat(conflicts).extracting(RangeConflict::describe).containsExactly(
        "the cluster LAN 192.168.10.0/24 overlaps address 192.168.10.23/24 on wlan0",
        "the cluster LAN 192.168.10.0/24 overlaps route 192.168.10.0/24 dev wlan0",
        "the pod CIDR 10.244.0.0/16 overlaps route 10.0.0.0/8 via 10.8.0.1 dev tun0",
        "the service CIDR 10.96.0.0/12 overlaps route 10.0.0.0/8 via 10.8.0.1 dev tun0");
    assertThat(HostRangeCheck.fixes(spec, "nk-lan", conflicts, host)).containsExactly(
        "use another LAN: --lan-cidr 192.168.110.0/24 (free on this host)",
        "use another pod CIDR: --pod-cidr 172.29.0.0/16 (free on this host)",
        "the service CIDR 10.96.0.0/12 is fixed (kubeadm's default): remove or narrow the overlapping route (ip route del ...)");
  }

  @Test
  void anotherNetkubeIsNamedWithWhatToDo() {
    HostRangeCheck.HostNetwork host = new HostRangeCheck.HostNetwork(List.of(new HostAddress("nk-lan", "192.168.10.1/24")),
        List.of(route("192.168.10.0/24", "nk-lan", null), route("10.244.0.0/24", "nk-lan", "192.168.10.2"),
            new HostRoute(Cidr.parse("10.96.0.0/16"), Optional.empty(), Optional.empty(), "blackhole")),
        Map.of("nk-lan", "netkube /home/me/.netkube"));
    List<RangeConflict> conflicts = HostRangeCheck.conflicts(spec, "nk2-lan", host);
    assertThat(conflicts).extracting(RangeConflict::describe).containsExactly(
        "the cluster LAN 192.168.10.0/24 overlaps address 192.168.10.1/24 on nk-lan (the netkube of NETKUBE_HOME=/home/me/.netkube)",
        "the cluster LAN 192.168.10.0/24 overlaps route 192.168.10.0/24 dev nk-lan (the netkube of NETKUBE_HOME=/home/me/.netkube)",
        "the pod CIDR 10.244.0.0/16 overlaps route 10.244.0.0/24 via 192.168.10.2 dev nk-lan (the netkube of NETKUBE_HOME=/home/me/.netkube)",
        "the service CIDR 10.96.0.0/12 overlaps route blackhole 10.96.0.0/16");
    assertThat(HostRangeCheck.fixes(spec, "nk2-lan", conflicts, host)).contains(
        "or stop that netkube first: NETKUBE_HOME=/home/me/.netkube ./netkube down; a second netkube needs its own --prefix,"
            + " --lan-cidr, --pod-cidr and --port",
        "use another pod CIDR: --pod-cidr 10.245.0.0/16 (free on this host)");
  }
}
