package dev.netkube.dns.plugin.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.dns.plugin.kubernetes.ClusterSource;
import dev.netkube.dns.testing.Clusters;
import dev.netkube.dns.testing.InJvmServer;
import dev.netkube.dns.testing.TestUpstream;
import java.net.DatagramSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** forward against real loopback upstreams, and cache and loadbalance around it, through an in-JVM chain. */
class ForwardCacheLoadbalanceTest {
  private TestUpstream upstream;
  private InJvmServer server;
  private int deadPort;

  @BeforeEach
  void upstreams() throws Exception {
    upstream = new TestUpstream();
    try (DatagramSocket s = new DatagramSocket(0)) {
      deadPort = s.getLocalPort(); // closed again: nothing answers there
    }
  }

  @AfterEach
  void close() throws Exception {
    if (server != null) server.close();
    upstream.close();
  }

  private InJvmServer start(String body) throws Exception {
    server = new InJvmServer(".:53 {\n" + body + "\n}\n", ClusterSource.of(Clusters.seed()));
    return server;
  }

  private static List<String> answers(Message m) { return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList(); }

  @Test
  void sequentialPolicyFailsOverFromADeadUpstreamAndCountsItsFailures() throws Exception {
    start("errors\nforward . 127.0.0.1:%d 127.0.0.1:%d {\n policy sequential\n max_fails 1\n health_check 1h\n}".formatted(deadPort, upstream.port()));
    assertThat(answers(server.ask("example.org", Type.A))).containsExactly("192.0.2.1");
    assertThat(answers(server.ask("example.org", Type.A))).containsExactly("192.0.2.1");
    // after max_fails the dead one is skipped: the second query went straight to the live one
    assertThat(upstream.udpQueries.get()).isEqualTo(2);
    assertThat(server.metrics.proxyHealthcheckFailures.value("forward", "127.0.0.1:" + deadPort)).isZero();
  }

  @Test
  void maxConcurrentRefusesQueriesBeyondIt() throws Exception {
    start("forward . 127.0.0.1:%d {\n max_concurrent 1\n}".formatted(upstream.port()));
    CompletableFuture<Message> slow = CompletableFuture.supplyAsync(() -> {
      try {
        return server.ask("slow.example.org", Type.A);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(300);
    Message refused = server.ask("example.org", Type.A);
    assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(slow.get().getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(server.metrics.forwardMaxConcurrentRejects.value()).isEqualTo(1);
    assertThat(server.ask("example.org", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void tcpClientsAreForwardedOverTcpAndForceTcpForcesIt() throws Exception {
    start("forward . 127.0.0.1:%d".formatted(upstream.port()));
    assertThat(answers(server.ask("example.org", Type.A, "tcp"))).containsExactly("192.0.2.1");
    assertThat(upstream.tcpQueries.get()).isEqualTo(1);
    server.close();
    start("forward . 127.0.0.1:%d {\n force_tcp\n}".formatted(upstream.port()));
    assertThat(answers(server.ask("example.org", Type.A, "udp"))).containsExactly("192.0.2.1");
    assertThat(upstream.tcpQueries.get()).isEqualTo(2);
    assertThat(upstream.udpQueries.get()).isZero();
  }

  @Test
  void exceptAndFromLeaveNamesToTheNextPlugin() throws Exception {
    start("forward example.org 127.0.0.1:%d {\n except sub.example.org\n}".formatted(upstream.port()));
    assertThat(server.ask("sub.example.org", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL); // no next plugin
    assertThat(server.ask("other.net", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(upstream.udpQueries.get()).isZero();
    assertThat(server.ask("missing.example.org", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void aDownUpstreamIsProbedAndComesBackAfterAHealthCheck() throws Exception {
    start("errors\nforward . 127.0.0.1:%d {\n max_fails 1\n health_check 100ms\n}".formatted(deadPort));
    assertThat(server.ask("example.org", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(server.ask("example.org", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(server.log).anyMatch(l -> l.startsWith("[ERROR] plugin/errors: 2 example.org. A: read udp ")
        && l.endsWith("->127.0.0.1:" + deadPort + ": read: connection refused"));
    // down now (more than max_fails): every upstream down is "broken", one is tried anyway
    server.ask("example.org", Type.A);
    assertThat(server.metrics.forwardHealthcheckBroken.value()).isEqualTo(1);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
        .until(() -> server.metrics.proxyHealthcheckFailures.value("forward", "127.0.0.1:" + deadPort) >= 1); // the probe runs
    try (TestUpstream revived = new TestUpstream(deadPort)) {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
          .until(() -> server.ask("example.org", Type.A).getRcode() == Rcode.NOERROR);
      double broken = server.metrics.forwardHealthcheckBroken.value();
      assertThat(server.ask("example.org", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(server.metrics.forwardHealthcheckBroken.value()).isEqualTo(broken); // healthy again
    }
  }

  @Test
  void cacheServesRepeatsAndDenialsFromMemoryWithinItsCaps() throws Exception {
    start("cache {\n success 1 60\n denial 10 5\n}\nforward . 127.0.0.1:%d".formatted(upstream.port()));
    server.ask("example.org", Type.A);
    Message cached = server.ask("example.org", Type.A);
    assertThat(cached.getSection(Section.ANSWER).get(0).getTTL()).isBetween(59L, 60L); // 300 capped at 60
    assertThat(upstream.udpQueries.get()).isEqualTo(1);
    server.ask("missing.example.org", Type.A);
    Message denied = server.ask("missing.example.org", Type.A);
    assertThat(denied.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(upstream.udpQueries.get()).isEqualTo(2);
    // success capacity 1: a second name evicts the first
    server.ask("slow.example.org", Type.A);
    server.ask("example.org", Type.A);
    assertThat(upstream.udpQueries.get()).isEqualTo(4);
    assertThat(server.metrics.cacheEvictions.value("dns://:53", "success", ".", "")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void loadbalanceShufflesAddressesAndKeepsCnamesFirst() throws Exception {
    start("loadbalance\nforward . 127.0.0.1:%d".formatted(upstream.port()));
    Set<List<String>> orders = new HashSet<>();
    for (int i = 0; i < 20; i++) orders.add(answers(server.ask("multi.example.org", Type.A)));
    assertThat(orders).hasSizeGreaterThan(1);
    assertThat(orders).allSatisfy(o -> assertThat(o).hasSize(8));
    server.close();
    start("loadbalance\nkubernetes cluster.local");
    List<Integer> types = new ArrayList<>();
    for (Record r : server.ask("alias.default.svc.cluster.local", Type.A).getSection(Section.ANSWER)) types.add(r.getType());
    assertThat(types).containsExactly(Type.CNAME, Type.A);
  }
}
