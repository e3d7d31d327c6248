package dev.netkube.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubeProxyConfigurationLoaderTest {
  private static final String HEAD = "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n";

  private static KubeProxyConfiguration loaded(String text) {
    ConfigLoad load = KubeProxyConfigurationLoader.load(text);
    assertThat(load).isInstanceOf(ConfigLoad.Loaded.class);
    return ((ConfigLoad.Loaded) load).config();
  }

  private static String invalid(String text) {
    ConfigLoad load = KubeProxyConfigurationLoader.load(text);
    assertThat(load).isInstanceOf(ConfigLoad.Invalid.class);
    return ((ConfigLoad.Invalid) load).message();
  }

  @Test
  void kubeadmsFileTakesUpstreamsDefaults() {
    ConfigLoad load = KubeProxyConfigurationLoader.load(KubeadmProxyConfig.text("10.244.0.0/16", ProxyMode.NFTABLES));
    assertThat(load).isInstanceOf(ConfigLoad.Loaded.class);
    ConfigLoad.Loaded l = (ConfigLoad.Loaded) load;
    assertThat(l.warnings()).isEmpty();
    KubeProxyConfiguration c = l.config();
    assertThat(c.mode()).isEqualTo(ProxyMode.NFTABLES);
    assertThat(c.kubeconfig()).contains("/var/lib/kube-proxy/kubeconfig.conf");
    assertThat(c.clusterCidr()).contains("10.244.0.0/16");
    assertThat(c.hostnameOverride()).isEmpty();
    assertThat(c.syncPeriod()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.minSyncPeriod()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.masqueradeBit()).isEqualTo(14);
    assertThat(c.masqueradeMark()).isEqualTo(0x4000);
    assertThat(c.healthzBindAddress()).isEqualTo("0.0.0.0:10256");
    assertThat(c.metricsBindAddress()).isEqualTo("127.0.0.1:10249");
    assertThat(c.detectLocalMode()).isEqualTo("ClusterCIDR");
    assertThat(c.nodePortAddresses()).isEmpty();
    assertThat(c.conntrack().maxPerCore()).isEqualTo(32768);
    assertThat(c.conntrack().min()).isEqualTo(131072);
    assertThat(c.conntrack().tcpEstablishedTimeout()).isEqualTo(Duration.ofHours(24));
    assertThat(c.conntrack().tcpCloseWaitTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(c.configSyncPeriod()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void blankModeIsIptablesAsUpstreamAndTheModesOwnSectionGivesItsPeriods() {
    KubeProxyConfiguration blank = loaded(HEAD + "mode: \"\"\niptables:\n  minSyncPeriod: 2s\n  syncPeriod: 1m\n");
    assertThat(blank.mode()).isEqualTo(ProxyMode.IPTABLES);
    assertThat(blank.minSyncPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(blank.syncPeriod()).isEqualTo(Duration.ofMinutes(1));
    KubeProxyConfiguration nft = loaded(HEAD + "mode: nftables\niptables:\n  minSyncPeriod: 2s\nnftables:\n  minSyncPeriod: 250ms\n  masqueradeBit: 3\n");
    assertThat(nft.minSyncPeriod()).isEqualTo(Duration.ofMillis(250));
    assertThat(nft.masqueradeMark()).isEqualTo(8);
    assertThat(loaded(HEAD + "mode: userspace\n").mode()).isEqualTo(ProxyMode.USERSPACE);
  }

  @Test
  void flagsOverrideTheFilesFields() {
    KubeProxyConfiguration c = loaded(HEAD + "mode: iptables\nclusterCIDR: 10.1.0.0/16\n");
    assertThat(c.mode()).isEqualTo(ProxyMode.IPTABLES);
    ConfigLoad load = KubeProxyConfigurationLoader.load(HEAD + "mode: iptables\nclusterCIDR: 10.1.0.0/16\n",
        java.util.Map.of("mode", "nftables", "clusterCIDR", "10.244.0.0/16"));
    KubeProxyConfiguration flagged = ((ConfigLoad.Loaded) load).config();
    assertThat(flagged.mode()).isEqualTo(ProxyMode.NFTABLES);
    assertThat(flagged.clusterCidr()).contains("10.244.0.0/16");
    assertThat(KubeProxyConfigurationLoader.load(HEAD, java.util.Map.of("mode", "bogus"))).isInstanceOf(ConfigLoad.Invalid.class);
  }

  @Test
  void theUserspaceFieldsTakeUpstreamsDefaultsAndMessages() {
    KubeProxyConfiguration c = loaded(HEAD + "mode: userspace\n");
    assertThat(c.portRange()).isEqualTo(PortRange.ANY);
    assertThat(c.udpIdleTimeout()).isEqualTo(Duration.ofMillis(250));
    KubeProxyConfiguration set = loaded(HEAD + "mode: userspace\nportRange: 40000-40100\nudpIdleTimeout: 1s\n");
    assertThat(set.portRange()).isEqualTo(new PortRange(40000, 101));
    assertThat(set.udpIdleTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(invalid(HEAD + "portRange: 9-1\n"))
        .isEqualTo("failed validate: KubeProxyConfiguration.PortRange: Invalid value: \"9-1\": must be a valid port range (e.g. 300-2000)");
    assertThat(invalid(HEAD + "udpIdleTimeout: -1s\n"))
        .isEqualTo("failed validate: KubeProxyConfiguration.UDPIdleTimeout: Invalid value: \"-1s\": must be greater than 0");
  }

  @Test
  void badModeIsRefusedInUpstreamsWords() {
    assertThat(invalid(HEAD + "mode: kernelspace\n")).isEqualTo("failed validate: KubeProxyConfiguration.ProxyMode: Invalid value: "
        + "\"kernelspace\": must be iptables, ipvs, nftables or blank (blank means the best-available proxy [currently iptables])");
  }

  @Test
  void severalErrorsAreListedTogether() {
    String m = invalid(HEAD + "mode: nftables\nnftables:\n  syncPeriod: 1s\n  minSyncPeriod: 5s\nhealthzBindAddress: nowhere:x\n");
    assertThat(m).isEqualTo("failed validate: [KubeProxyConfiguration.SyncPeriod: Invalid value: \"5s\": must be greater than or equal to "
        + "KubeProxyConfiguration.MinSyncPeriod, KubeProxyConfiguration.HealthzBindAddress: Invalid value: \"nowhere:x\": must be IP:port]");
  }

  @Test
  void addressesGetTheirDefaultPortAndBadOnesAreRefused() {
    KubeProxyConfiguration c = loaded(HEAD + "healthzBindAddress: 192.168.10.2\nmetricsBindAddress: 0.0.0.0:9999\n");
    assertThat(c.healthzBindAddress()).isEqualTo("192.168.10.2:10256");
    assertThat(c.metricsBindAddress()).isEqualTo("0.0.0.0:9999");
    assertThat(invalid(HEAD + "clusterCIDR: 10.244.0.0\n")).contains("KubeProxyConfiguration.ClusterCIDR: Invalid value: \"10.244.0.0\"");
    assertThat(invalid(HEAD + "mode: nftables\nnodePortAddresses: [127.0.0.0/8]\n"))
        .contains("NodePortAddresses[0]: Invalid value: \"127.0.0.0/8\": loopback addresses are not supported in nftables mode");
    assertThat(loaded(HEAD + "nodePortAddresses: [primary]\n").nodePortAddresses()).isEqualTo(List.of("primary"));
    assertThat(invalid(HEAD + "detectLocalMode: Guess\n")).isEqualTo("failed validate: KubeProxyConfiguration.DetectLocalMode: "
        + "Unsupported value: \"Guess\": supported values: \"ClusterCIDR\", \"NodeCIDR\", \"BridgeInterface\", \"InterfaceNamePrefix\", \"\"");
  }

  @Test
  void unknownFieldsAreWarnedAboutNotFatal() {
    ConfigLoad load = KubeProxyConfigurationLoader.load(HEAD + "mdoe: nftables\nnftables:\n  minSyncPerod: 1s\n");
    assertThat(load).isInstanceOf(ConfigLoad.Loaded.class);
    assertThat(((ConfigLoad.Loaded) load).warnings()).containsExactly("strict decoding error: unknown field \"mdoe\"",
        "strict decoding error: unknown field \"nftables.minSyncPerod\"");
  }

  @Test
  void decodingErrorsSayWhatWasWrong() {
    assertThat(invalid("kind: Pod\napiVersion: v1\n")).startsWith("failed to decode: no kind \"Pod\" is registered for version \"v1\"");
    assertThat(invalid(HEAD + "configSyncPeriod: soon\n")).isEqualTo("failed to decode: time: invalid duration \"soon\"");
    assertThat(invalid(HEAD + "mode: [a]\n")).startsWith("failed to decode: json: cannot unmarshal array into Go struct field");
    assertThat(invalid("mode: nftables\n")).startsWith("failed to decode: Object 'Kind' is missing");
  }

  @Test
  void goDurationsRoundTrip() {
    assertThat(GoDuration.parse("2h45m")).contains(Duration.ofMinutes(165));
    assertThat(GoDuration.parse("1.5s")).contains(Duration.ofMillis(1500));
    assertThat(GoDuration.parse("-2s")).contains(Duration.ofSeconds(-2));
    assertThat(GoDuration.parse("0")).contains(Duration.ZERO);
    assertThat(GoDuration.parse("5")).isEqualTo(Optional.empty());
    assertThat(GoDuration.parse("1x")).isEqualTo(Optional.empty());
    assertThat(GoDuration.format(Duration.ofMinutes(90))).isEqualTo("1h30m0s");
    assertThat(GoDuration.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(GoDuration.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(GoDuration.format(Duration.ofSeconds(-5))).isEqualTo("-5s");
  }
}
