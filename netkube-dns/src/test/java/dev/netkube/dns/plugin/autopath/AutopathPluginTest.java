package dev.netkube.dns.plugin.autopath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.plugin.SetupErrors;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Pod;
import dev.netkube.dns.plugin.kubernetes.ClusterSource;
import dev.netkube.dns.plugin.kubernetes.ClusterState;
import dev.netkube.dns.testing.Clusters;
import dev.netkube.dns.testing.InJvmServer;
import dev.netkube.dns.testing.TestUpstream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * autopath through a real in-JVM chain: the client (10.244.0.9, the in-JVM server's client address) is a pod in
 * namespace "default", so its search path is default.svc.cluster.local svc.cluster.local cluster.local.
 */
class AutopathPluginTest {
  @TempDir Path dir;
  private TestUpstream upstream;
  private InJvmServer server;
  private ClusterState cluster;

  @BeforeEach
  void start() throws Exception {
    upstream = new TestUpstream();
    cluster = Clusters.seed();
    cluster.putPod(new Pod("default", "netshoot", List.of("10.244.0.9")));
  }

  @AfterEach
  void close() throws Exception {
    if (server != null) server.close();
    upstream.close();
  }

  private InJvmServer start(String autopath, String pods) throws Exception {
    server = new InJvmServer(".:53 {\n errors\n " + autopath + "\n kubernetes cluster.local in-addr.arpa {\n pods " + pods
        + "\n }\n forward . 127.0.0.1:" + upstream.port() + "\n}\n", ClusterSource.of(cluster));
    return server;
  }

  private static List<String> answers(Message m) {
    return m.getSection(Section.ANSWER).stream().map(r -> r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString()).toList();
  }

  @Test
  void aServiceInAnotherNamespaceIsFoundOnTheServerWithACname() throws Exception {
    start("autopath @kubernetes", "verified");
    // the client's resolver appended its first search domain to "prometheus-app.monitoring"
    Message m = server.ask("prometheus-app.monitoring.default.svc.cluster.local", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getQuestion().getName().toString()).isEqualTo("prometheus-app.monitoring.default.svc.cluster.local.");
    assertThat(answers(m)).containsExactly(
        "prometheus-app.monitoring.default.svc.cluster.local. CNAME prometheus-app.monitoring.svc.cluster.local.",
        "prometheus-app.monitoring.svc.cluster.local. A 10.96.0.30");
    // the first domain answering: no CNAME needed
    assertThat(answers(server.ask("clusterip-service.default.svc.cluster.local", Type.A)))
        .containsExactly("clusterip-service.default.svc.cluster.local. A 10.96.0.20");
    assertThat(upstream.udpQueries.get()).isZero();
  }

  @Test
  void anExternalNameIsFoundWithTheNameAloneThroughForward() throws Exception {
    start("autopath @kubernetes", "verified");
    Message m = server.ask("example.org.default.svc.cluster.local", Type.A);
    assertThat(answers(m)).containsExactly("example.org.default.svc.cluster.local. CNAME example.org.", "example.org. A 192.0.2.1");
    // all NXDOMAIN: the first answer as it was (the client searches on by itself)
    Message nx = server.ask("nope.default.svc.cluster.local", Type.A);
    assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(nx.getSection(Section.AUTHORITY).get(0).getName().toString()).isEqualTo("cluster.local.");
  }

  @Test
  void noAutopathWithoutVerifiedPodsForUnknownClientsOrOutsideTheFirstSearchDomain() throws Exception {
    start("autopath @kubernetes", "insecure");
    assertThat(server.ask("prometheus-app.monitoring.default.svc.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    server.close();
    start("autopath @kubernetes", "verified");
    Message stranger = server.ask(query("prometheus-app.monitoring.default.svc.cluster.local"), "udp", new InetSocketAddress("10.244.9.9", 40000));
    assertThat(stranger.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    // a name not under the client's first search domain passes unchanged
    assertThat(server.ask("prometheus-app.monitoring.svc.cluster.local.svc.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    // the first search domain itself: CoreDNS's TrimZone overshoots it, SERVFAIL
    assertThat(server.ask("default.svc.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(server.log).anyMatch(l -> l.startsWith("[ERROR] plugin/errors: 2 default.svc.cluster.local. A: trimzone: overshot qname"));
  }

  @Test
  void theSearchPathFromAResolvConfServesAnyClient() throws Exception {
    Path resolv = dir.resolve("resolv.conf");
    Files.writeString(resolv, "nameserver 10.96.0.10\nsearch monitoring.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n");
    start("autopath " + resolv, "disabled");
    Message m = server.ask(query("clusterip-service.default.monitoring.svc.cluster.local"), "udp", new InetSocketAddress("192.0.2.77", 5353));
    assertThat(answers(m)).containsExactly(
        "clusterip-service.default.monitoring.svc.cluster.local. CNAME clusterip-service.default.svc.cluster.local.",
        "clusterip-service.default.svc.cluster.local. A 10.96.0.20");
    AutopathSetup.Config c = SetupErrors.load("autopath example.org " + resolv).blocks().get(0).config("autopath", AutopathSetup.Config.class).orElseThrow();
    assertThat(c.zones()).containsExactly("example.org.");
    assertThat(c.search()).containsExactly("monitoring.svc.cluster.local.", "svc.cluster.local.", "cluster.local.", "");
  }

  @Test
  void badInputIsRefusedAtLoadAndGoodInputLoadsWithoutTheNotYetServedWarning() throws Exception {
    assertThat(SetupErrors.load("autopath @kubernetes\n kubernetes cluster.local {\n pods verified\n }").warnings()).isEmpty();
    assertThatThrownBy(() -> SetupErrors.load("autopath")).isInstanceOf(CorefileException.class)
        .hasMessage("plugin/autopath: no resolv-conf specified");
    assertThatThrownBy(() -> SetupErrors.load("autopath " + dir.resolve("missing"))).isInstanceOf(CorefileException.class)
        .hasMessage("plugin/autopath: failed to parse \"" + dir.resolve("missing") + "\": open " + dir.resolve("missing") + ": no such file or directory");
    assertThatThrownBy(() -> SetupErrors.load("autopath @etcd")).isInstanceOf(CorefileException.class)
        .hasMessage("plugin/autopath: etcd does not implement the AutoPather interface (netkube: only @kubernetes does)");
  }

  private static Message query(String name) throws Exception {
    return Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN));
  }
}
