package dev.netkube.dns.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netkube.dns.corefile.ImportSource;
import dev.netkube.dns.metrics.DnsMetrics;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Pod;
import dev.netkube.dns.plugin.kubernetes.ClusterSource;
import dev.netkube.dns.plugin.kubernetes.ClusterState;
import dev.netkube.dns.server.CorefileLoader;
import dev.netkube.dns.server.DnsServer;
import dev.netkube.dns.server.ServerServices;
import dev.netkube.dns.testing.Clusters;
import dev.netkube.dns.testing.Dig;
import dev.netkube.dns.testing.TestUpstream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rewrite, autopath, template and hosts in one Corefile, beside kubernetes and forward, on a loopback port and
 * asked by the real dig over UDP and TCP. dig's source, 127.0.0.1, is a pod of namespace "default" (autopath).
 */
class ServedPluginsDigTest {
  @TempDir Path dir;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private TestUpstream upstream;
  private DnsServer server;
  private Path hosts;
  private int port;

  @BeforeEach
  void start() throws Exception {
    upstream = new TestUpstream();
    ClusterState cluster = Clusters.seed();
    cluster.putPod(new Pod("default", "netshoot", List.of("127.0.0.1")));
    hosts = dir.resolve("hosts");
    Files.writeString(hosts, "192.168.1.10 db.example.com db\n");
    port = freePort();
    Path corefile = dir.resolve("Corefile");
    Files.writeString(corefile, """
        .:%d {
            errors
            rewrite name exact web.example.org clusterip-service.default.svc.cluster.local
            autopath @kubernetes
            template IN A example {
                match (^|[.])ip-(?P<a>[0-9]*)-(?P<b>[0-9]*)-(?P<c>[0-9]*)-(?P<d>[0-9]*)[.]example[.]$
                answer "{{ .Name }} 60 IN A {{ .Group.a }}.{{ .Group.b }}.{{ .Group.c }}.{{ .Group.d }}"
                fallthrough
            }
            hosts %s {
                10.0.0.1 inline.example.org
                reload 200ms
                fallthrough
            }
            kubernetes cluster.local in-addr.arpa ip6.arpa {
                pods verified
                fallthrough in-addr.arpa ip6.arpa
            }
            forward . 127.0.0.1:%d
        }
        """.formatted(port, hosts, upstream.port()));
    ServerServices services = new ServerServices(new DnsMetrics(), log::add, Clock.systemUTC(), config -> ClusterSource.of(cluster), r -> {});
    server = DnsServer.start(corefile, new CorefileLoader(PluginRegistry.standard(), k -> null, ImportSource.NONE, 53), services, "127.0.0.1");
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) server.close();
    upstream.close();
  }

  @Test
  void hostsAnswersItsEntriesAndPtrsAndFollowsTheFile() throws Exception {
    assertThat(Dig.answers(port, "db.example.com")).containsExactly("192.168.1.10");
    assertThat(Dig.answers(port, "+tcp", "inline.example.org")).containsExactly("10.0.0.1");
    assertThat(Dig.answers(port, "-x", "192.168.1.10")).containsExactly("db.example.com.", "db.");
    assertThat(Dig.run(port, "db.example.com")).contains("flags: qr aa rd;").containsPattern("db\\.example\\.com\\.\\s+3600\\s+IN\\s+A\\s+192\\.168\\.1\\.10");
    // not in hosts: fallthrough to kubernetes (a PTR) and forward
    assertThat(Dig.answers(port, "-x", "10.96.0.20")).containsExactly("clusterip-service.default.svc.cluster.local.");
    assertThat(Dig.answers(port, "example.org")).containsExactly("192.0.2.1");
    Files.writeString(hosts, "192.168.1.20 db.example.com\n");
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
        assertThat(Dig.answers(port, "db.example.com")).containsExactly("192.168.1.20"));
  }

  @Test
  void rewriteTemplateAndAutopathAsDigSeesThem() throws Exception {
    // rewrite: the question and the answer as dig asked them (dig checks the question matches)
    String rewritten = Dig.run(port, "web.example.org");
    assertThat(rewritten).contains("status: NOERROR").containsPattern("web\\.example\\.org\\.\\s+5\\s+IN\\s+A\\s+10\\.96\\.0\\.20");
    assertThat(Dig.answers(port, "+tcp", "web.example.org")).containsExactly("10.96.0.20");
    // template
    assertThat(Dig.run(port, "ip-10-1-2-3.example")).contains("flags: qr aa rd;").containsPattern("ip-10-1-2-3\\.example\\.\\s+60\\s+IN\\s+A\\s+10\\.1\\.2\\.3");
    // autopath: dig +search would have appended the pod's first search domain; the server finishes the search
    assertThat(Dig.answers(port, "prometheus-app.monitoring.default.svc.cluster.local"))
        .containsExactly("prometheus-app.monitoring.svc.cluster.local.", "10.96.0.30");
    assertThat(Dig.answers(port, "example.org.default.svc.cluster.local")).containsExactly("example.org.", "192.0.2.1");
    assertThat(log).noneMatch(l -> l.contains("not yet served"));
  }

  static int freePort() throws IOException {
    while (true) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
           DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()))) {
        return s.getLocalPort();
      } catch (IOException e) {
        // UDP side taken: try another
      }
    }
  }
}
