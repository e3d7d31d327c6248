package dev.netkube.agent.runtime.podfiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.agent.runtime.podfiles.PodDns.DnsOption;
import dev.netkube.agent.runtime.podfiles.PodDns.NodeDns;
import dev.netkube.agent.runtime.podfiles.PodDns.PodDnsConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** resolv.conf, hosts and hostname as kubelet writes them (pkg/kubelet/network/dns, kubelet_pods.go). */
class PodFilesTest {
  private static final HostResolvConf HOST = HostResolvConf.parse("# generated\nnameserver 10.255.255.53\nnameserver 1.1.1.1\nsearch lan. corp\noptions edns0\n");
  private static final NodeDns NODE = NodeDns.netkube(HOST);

  private static String resolv(String policy, boolean hostNetwork, Optional<PodDnsConfig> config) {
    return PodDns.render(PodDns.compose(NODE, "default", policy, hostNetwork, config));
  }

  @Test
  void theSeedsDnsTestPodGetsWhatTheWalkthroughShows() {
    PodDnsConfig config = new PodDnsConfig(List.of("8.8.8.8"), List.of("example.com"),
        List.of(DnsOption.of("name01", "value01"), DnsOption.of("name02")));
    NodeDns plainHost = NodeDns.netkube(HostResolvConf.parse("nameserver 10.255.255.53\n"));
    assertThat(PodDns.render(PodDns.compose(plainHost, "default", "ClusterFirst", false, Optional.of(config)))).isEqualTo("""
        nameserver 10.96.0.10
        nameserver 8.8.8.8
        search default.svc.cluster.local svc.cluster.local cluster.local example.com
        options name01:value01 name02 ndots:5
        """);
  }

  @Test
  void eachDnsPolicy() {
    String cluster = """
        nameserver 10.96.0.10
        search default.svc.cluster.local svc.cluster.local cluster.local lan corp
        options ndots:5
        """;
    assertThat(resolv("ClusterFirst", false, Optional.empty())).isEqualTo(cluster);
    assertThat(resolv("", false, Optional.empty())).isEqualTo(cluster);
    assertThat(resolv("ClusterFirstWithHostNet", true, Optional.empty())).isEqualTo(cluster);
    String node = """
        nameserver 10.255.255.53
        nameserver 1.1.1.1
        search lan corp
        options edns0
        """;
    assertThat(resolv("Default", false, Optional.empty())).isEqualTo(node);
    // ClusterFirst on the host network falls back to the node's resolver, as kubelet does.
    assertThat(resolv("ClusterFirst", true, Optional.empty())).isEqualTo(node);
    assertThat(resolv("None", false, Optional.of(new PodDnsConfig(List.of("1.2.3.4"), List.of("ns1.svc.cluster-domain.example"),
        List.of(DnsOption.of("ndots", "2")))))).isEqualTo("""
        nameserver 1.2.3.4
        search ns1.svc.cluster-domain.example
        options ndots:2
        """);
  }

  @Test
  void dnsConfigOptionsMergeByNameAndLimitsWarnAsKubelet() {
    assertThat(resolv("ClusterFirst", false, Optional.of(new PodDnsConfig(List.of(), List.of(), List.of(DnsOption.of("ndots", "1"))))))
        .endsWith("options ndots:1\n");
    PodDns.DnsConfig many = PodDns.compose(NODE, "default", "Default", false,
        Optional.of(new PodDnsConfig(List.of("9.9.9.9", "8.8.8.8"), List.of(), List.of())));
    assertThat(many.servers()).containsExactly("10.255.255.53", "1.1.1.1", "9.9.9.9");
    assertThat(many.warnings()).containsExactly("Nameserver limits were exceeded, some nameservers have been omitted, "
        + "the applied nameserver line is: 10.255.255.53 1.1.1.1 9.9.9.9");
  }

  @Test
  void hostsFileAsKubeletWritesIt() {
    assertThat(HostsFile.managed(List.of("10.244.1.5"), "web-0", "nginx.default.svc.cluster.local",
        List.of(new HostsFile.HostAlias("127.0.0.1", List.of("foo.local", "bar.local"))))).isEqualTo("""
        # Kubernetes-managed hosts file.
        127.0.0.1\tlocalhost
        ::1\tlocalhost ip6-localhost ip6-loopback
        fe00::0\tip6-localnet
        fe00::0\tip6-mcastprefix
        fe00::1\tip6-allnodes
        fe00::2\tip6-allrouters
        10.244.1.5\tweb-0.nginx.default.svc.cluster.local\tweb-0

        # Entries added by HostAliases.
        127.0.0.1\tfoo.local\tbar.local
        """);
    assertThat(HostsFile.managed(List.of("10.244.1.6"), "testnet", "", List.of())).endsWith("fe00::2\tip6-allrouters\n10.244.1.6\ttestnet\n");
    assertThat(HostsFile.hostNetwork("127.0.0.1\tlocalhost\n", List.of()))
        .isEqualTo("# Kubernetes-managed hosts file (host network).\n127.0.0.1\tlocalhost\n");
  }

  @Test
  void hostnameAndSubdomain() {
    assertThat(PodHostname.of("appname-7d9f", "default", "appname", "default-subdomain", "cluster.local"))
        .isEqualTo(new PodHostname.Named("appname", "default-subdomain.default.svc.cluster.local"));
    assertThat(((PodHostname.Named) PodHostname.of("web-0", "default", "", "", "cluster.local")).fqdn()).isEqualTo("web-0");
    String longName = "a".repeat(62) + "-b";
    assertThat(PodHostname.of(longName, "default", "", "", "cluster.local")).isEqualTo(new PodHostname.Named("a".repeat(62), ""));
    assertThat(PodHostname.of("p", "default", "Bad_Name", "", "cluster.local")).isInstanceOf(PodHostname.Invalid.class);
  }
}
