package dev.netkube.dns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netkube.dns.corefile.ImportSource;
import dev.netkube.dns.metrics.DnsMetrics;
import dev.netkube.dns.plugin.PluginRegistry;
import dev.netkube.dns.plugin.kubernetes.ClusterSource;
import dev.netkube.dns.plugin.kubernetes.ClusterState;
import dev.netkube.dns.testing.Clusters;
import dev.netkube.dns.testing.Dig;
import dev.netkube.dns.testing.TestUpstream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** The server on a loopback port, asked by the real dig over UDP and TCP: every record form, forward, cache, reload. */
class DnsServerDigTest {
  @TempDir Path dir;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final List<String> halts = new CopyOnWriteArrayList<>();
  private final DnsMetrics metrics = new DnsMetrics();
  private TestUpstream upstream;
  private DnsServer server;
  private ClusterState cluster;
  private int port;
  private int healthPort;
  private int readyPort;
  private int metricsPort;
  private Path corefile;

  @BeforeEach
  void start() throws Exception {
    upstream = new TestUpstream();
    cluster = Clusters.seed();
    Clusters.bigHeadless(cluster, 40);
    port = freePort();
    healthPort = freePort();
    readyPort = freePort();
    metricsPort = freePort();
    corefile = dir.resolve("Corefile");
    Files.writeString(corefile, corefile(30));
    server = DnsServer.start(corefile, loader(), services(), "127.0.0.1");
  }

  private String corefile(int ttl) {
    return """
        .:%d {
            errors
            log
            health 127.0.0.1:%d
            ready 127.0.0.1:%d
            prometheus 127.0.0.1:%d
            kubernetes cluster.local in-addr.arpa ip6.arpa {
               pods insecure
               fallthrough in-addr.arpa ip6.arpa
               ttl %d
            }
            forward . 127.0.0.1:%d {
               prefer_udp
            }
            cache 30
            loadbalance
            reload 2s 1s
        }
        """.formatted(port, healthPort, readyPort, metricsPort, ttl, upstream.port());
  }

  private CorefileLoader loader() { return new CorefileLoader(PluginRegistry.standard(), k -> null, ImportSource.NONE, 53); }

  private ServerServices services() {
    return new ServerServices(metrics, log::add, Clock.systemUTC(), config -> ClusterSource.of(cluster), halts::add);
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) server.close();
    upstream.close();
  }

  @Test
  void everyClusterRecordFormOverUdpAndTcp() throws Exception {
    assertThat(Dig.answers(port, "clusterip-service.default.svc.cluster.local")).containsExactly("10.96.0.20");
    assertThat(Dig.answers(port, "+tcp", "clusterip-service.default.svc.cluster.local")).containsExactly("10.96.0.20");
    assertThat(Dig.answers(port, "prometheus-app.monitoring.svc.cluster.local")).containsExactly("10.96.0.30");
    assertThat(Dig.answers(port, "appname.default-subdomain.default.svc.cluster.local")).containsExactly("10.244.1.10");
    assertThat(Dig.answers(port, "default-subdomain.default.svc.cluster.local")).containsExactlyInAnyOrder("10.244.1.10", "10.244.2.11");
    assertThat(Dig.answers(port, "SRV", "_http._tcp.clusterip-service.default.svc.cluster.local"))
        .containsExactly("0 100 80 clusterip-service.default.svc.cluster.local.");
    assertThat(Dig.answers(port, "SRV", "_foo._tcp.default-subdomain.default.svc.cluster.local")).containsExactlyInAnyOrder(
        "0 50 1234 appname.default-subdomain.default.svc.cluster.local.", "0 50 1234 10-244-2-11.default-subdomain.default.svc.cluster.local.");
    assertThat(Dig.answers(port, "-x", "10.96.0.20")).containsExactly("clusterip-service.default.svc.cluster.local.");
    assertThat(Dig.answers(port, "my-service.default.svc.cluster.local", "CNAME")).containsExactly("my.database.example.com.");
    assertThat(Dig.answers(port, "10-244-1-5.default.pod.cluster.local")).containsExactly("10.244.1.5");
    assertThat(Dig.answers(port, "TXT", "dns-version.cluster.local")).containsExactly("\"1.1.0\"");
    String full = Dig.run(port, "clusterip-service.default.svc.cluster.local");
    assertThat(full).contains("status: NOERROR").contains("flags: qr aa rd;").containsPattern(ttl("30"));
    String nx = Dig.run(port, "nope.default.svc.cluster.local");
    assertThat(nx).contains("status: NXDOMAIN").contains("cluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local.");
    String nodata = Dig.run(port, "AAAA", "clusterip-service.default.svc.cluster.local");
    assertThat(nodata).contains("status: NOERROR").contains("ANSWER: 0").contains("AUTHORITY: 1");
    assertThat(Dig.run(port, "no-ready.default.svc.cluster.local")).contains("status: NXDOMAIN");
    assertThat(log).anyMatch(l -> l.startsWith("[INFO] 127.0.0.1:") && l.contains("\"A IN clusterip-service.default.svc.cluster.local. udp"));
  }

  @Test
  void truncatesTo512BytesWithoutEdnsAndAnswersWholeOverTcpOrWithABigBuffer() throws Exception {
    String noEdns = Dig.run(port, "+noedns", "+ignore", "big.default.svc.cluster.local");
    assertThat(noEdns).contains("flags: qr aa tc rd;");
    int cut = answerCount(noEdns);
    assertThat(cut).isBetween(1, 39);
    assertThat(answerCount(Dig.run(port, "+bufsize=4096", "big.default.svc.cluster.local"))).isEqualTo(40);
    String tcp = Dig.run(port, "+tcp", "big.default.svc.cluster.local");
    assertThat(tcp).doesNotContain(" tc ");
    assertThat(answerCount(tcp)).isEqualTo(40);
    // dig without +ignore retries over TCP by itself on TC
    assertThat(Dig.answers(port, "+noedns", "big.default.svc.cluster.local")).hasSize(40);
  }

  private static int answerCount(String digOutput) {
    String marker = "ANSWER: ";
    int i = digOutput.indexOf(marker);
    return Integer.parseInt(digOutput.substring(i + marker.length(), digOutput.indexOf(',', i)));
  }

  @Test
  void forwardsOtherNamesAndCachesTheAnswer() throws Exception {
    assertThat(Dig.answers(port, "example.org")).containsExactly("192.0.2.1");
    assertThat(Dig.answers(port, "example.org")).containsExactly("192.0.2.1");
    assertThat(upstream.udpQueries.get()).isEqualTo(1); // the second came from the cache
    String cached = Dig.run(port, "example.org");
    assertThat(cached).containsPattern("example\\.org\\.\\s+(2\\d|30)\\s+IN\\s+A\\s+192\\.0\\.2\\.1"); // capped at cache 30
    assertThat(Dig.run(port, "missing.example.org")).contains("status: NXDOMAIN");
    // a PTR kubernetes does not know falls through to forward
    assertThat(Dig.run(port, "-x", "192.0.2.99")).contains("status: NXDOMAIN");
    assertThat(upstream.udpQueries.get()).isEqualTo(3);
  }

  @Test
  void anExternalNameOutsideTheClusterIsResolvedThroughForward() throws Exception {
    assertThat(Dig.answers(port, "external-org.default.svc.cluster.local")).containsExactly("example.org.", "192.0.2.1");
    assertThat(Dig.run(port, "external-org.default.svc.cluster.local"))
        .containsPattern("external-org\\.default\\.svc\\.cluster\\.local\\.\\s+30\\s+IN\\s+CNAME\\s+example\\.org\\.");
  }

  @Test
  void aTruncatedUpstreamAnswerIsFetchedAgainOverTcp() throws Exception {
    List<String> txt = Dig.answers(port, "+bufsize=4096", "TXT", "big.example.org");
    assertThat(txt).hasSize(30);
    assertThat(upstream.udpQueries.get()).isEqualTo(1);
    assertThat(upstream.tcpQueries.get()).isEqualTo(1);
  }

  @Test
  void aDeadUpstreamIsServfailLoggedByErrors() throws Exception {
    upstream.close();
    assertThat(Dig.run(port, "+time=5", "dead.example.net")).contains("status: SERVFAIL");
    assertThat(log).anyMatch(l -> l.startsWith("[ERROR] plugin/errors: 2 dead.example.net. A:"));
  }

  @Test
  void metricsHealthAndReadyOverHttp() throws Exception {
    Dig.answers(port, "clusterip-service.default.svc.cluster.local");
    Dig.answers(port, "example.org");
    Dig.answers(port, "example.org");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("OK");
    HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + readyPort + "/ready")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
    String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    String server = "server=\"dns://:" + port + "\"";
    assertThat(text)
        .contains("coredns_dns_requests_total{" + server + ",zone=\".\",view=\"\",proto=\"udp\",family=\"1\",type=\"A\"} 3")
        .contains("coredns_dns_responses_total{" + server + ",zone=\".\",view=\"\",rcode=\"NOERROR\",plugin=\"kubernetes\"} 1")
        .contains("coredns_dns_responses_total{" + server + ",zone=\".\",view=\"\",rcode=\"NOERROR\",plugin=\"cache\"} 1")
        .contains("coredns_dns_request_duration_seconds_bucket{" + server + ",zone=\".\",view=\"\",type=\"A\",le=\"0.00025\"}")
        .contains("coredns_cache_hits_total{" + server + ",type=\"success\",zones=\".\",view=\"\"} 1")
        .contains("coredns_cache_entries{" + server + ",type=\"success\",zones=\".\",view=\"\"}")
        .contains("coredns_proxy_request_duration_seconds_count{proxy_name=\"forward\",to=\"127.0.0.1:" + upstream.port() + "\",rcode=\"NOERROR\"} 1")
        .contains("coredns_plugin_enabled{" + server + ",zone=\".\",view=\"\",name=\"kubernetes\"} 1")
        .containsPattern("coredns_build_info\\{version=\"1\\.11\\.3\",revision=\"netkube\",goversion=\"[^\"]+\"} 1")
        .contains("coredns_reload_failed_total 0");
  }

  @Test
  void anEditedCorefileIsLiveWithinSecondsAndABrokenOneKeepsTheOld() throws Exception {
    assertThat(Dig.run(port, "clusterip-service.default.svc.cluster.local")).containsPattern(ttl("30"));
    Files.writeString(corefile, corefile(10));
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
        assertThat(Dig.run(port, "clusterip-service.default.svc.cluster.local")).containsPattern(ttl("([0-9]|10)")));
    assertThat(log).contains("[INFO] Reloading complete");
    Files.writeString(corefile, corefile(10).replace("loadbalance", "loadbalance\n    foo"));
    await().atMost(Duration.ofSeconds(10)).until(() -> log.stream().anyMatch(l -> l.startsWith("[ERROR] Restart failed: ")));
    assertThat(log).contains("[ERROR] Restart failed: " + corefile + ":17 - Error during parsing: Unknown directive 'foo'");
    assertThat(Dig.run(port, "clusterip-service.default.svc.cluster.local")).containsPattern(ttl("([0-9]|10)"));
    assertThat(metrics.reloadFailed.value()).isEqualTo(1);
  }

  @Test
  void aForwardingLoopIsDetectedAndHalts() throws Exception {
    server.close();
    int loopPort = freePort();
    Path loopFile = dir.resolve("Corefile.loop");
    Files.writeString(loopFile, ".:%d {\n    loop\n    forward . 127.0.0.1:%d\n}\n".formatted(loopPort, loopPort));
    server = DnsServer.start(loopFile, loader(), services(), "127.0.0.1");
    await().atMost(Duration.ofSeconds(15)).until(() -> !halts.isEmpty());
    assertThat(halts.get(0)).startsWith("Loop (").contains("detected for zone \".\"").contains("Query: \"HINFO ");
    assertThat(log).anyMatch(l -> l.startsWith("[FATAL] plugin/loop: Loop ("));
  }

  /** A pod whose node's resolver is unreachable (kubeadm's forward . /etc/resolv.conf on an offline node) keeps running. */
  @Test
  void anUpstreamThatNeverAnswersIsNoLoop() throws Exception {
    server.close();
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      int port = freePort();
      Path file = dir.resolve("Corefile.silent");
      Files.writeString(file, ".:%d {\n    loop\n    forward . 127.0.0.1:%d\n}\n".formatted(port, silent.getLocalPort()));
      server = DnsServer.start(file, loader(), services(), "127.0.0.1");
      // three probes time out (2 s each, a second apart): counted without the reset, the third was a "loop"
      Thread.sleep(10_000);
      assertThat(halts).isEmpty();
      assertThat(log).noneMatch(l -> l.startsWith("[FATAL] plugin/loop"));
    }
  }

  private static String ttl(String ttl) { return "clusterip-service\\.default\\.svc\\.cluster\\.local\\.\\s+" + ttl + "\\s+IN\\s+A\\s+10\\.96\\.0\\.20"; }

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
