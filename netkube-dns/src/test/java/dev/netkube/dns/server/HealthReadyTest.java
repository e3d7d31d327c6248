package dev.netkube.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.dns.corefile.ImportSource;
import dev.netkube.dns.metrics.DnsMetrics;
import dev.netkube.dns.plugin.PluginRegistry;
import dev.netkube.dns.plugin.kubernetes.ClusterSource;
import dev.netkube.dns.plugin.kubernetes.ClusterState;
import dev.netkube.dns.testing.Clusters;
import dev.netkube.dns.testing.Dig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ready's 503 until the kubernetes plugin synced; health's lameduck keeps serving while the server stops. */
class HealthReadyTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readyNamesTheKubernetesPluginUntilItSyncedAndLameduckKeepsAnswering() throws Exception {
    int port = DnsServerDigTest.freePort();
    int healthPort = DnsServerDigTest.freePort();
    int readyPort = DnsServerDigTest.freePort();
    Path corefile = dir.resolve("Corefile");
    Files.writeString(corefile, """
        .:%d {
            health 127.0.0.1:%d {
                lameduck 1500ms
            }
            ready 127.0.0.1:%d
            kubernetes cluster.local {
                startup_timeout 100ms
            }
        }
        """.formatted(port, healthPort, readyPort));
    ClusterState state = Clusters.seed();
    AtomicBoolean synced = new AtomicBoolean();
    ClusterSource source = new ClusterSource() {
      @Override public ClusterState state() { return state; }

      @Override public boolean synced() { return synced.get(); }
    };
    List<String> log = new CopyOnWriteArrayList<>();
    DnsServer server = DnsServer.start(corefile, new CorefileLoader(PluginRegistry.standard(), k -> null, ImportSource.NONE, 53),
        new ServerServices(new DnsMetrics(), log::add, Clock.systemUTC(), c -> source, r -> { }), "127.0.0.1");
    try {
      assertThat(log).contains("[WARNING] plugin/kubernetes: starting server with unsynced Kubernetes API");
      HttpResponse<String> notReady = get(readyPort, "/ready");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).isEqualTo("kubernetes");
      assertThat(Dig.run(port, "clusterip-service.default.svc.cluster.local")).contains("status: SERVFAIL");
      synced.set(true);
      assertThat(get(readyPort, "/ready").statusCode()).isEqualTo(200);
      assertThat(Dig.answers(port, "clusterip-service.default.svc.cluster.local")).containsExactly("10.96.0.20");
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
      Thread.sleep(500);
      assertThat(stopping).isNotDone();
      assertThat(get(healthPort, "/health").body()).isEqualTo("OK");
      assertThat(Dig.answers(port, "clusterip-service.default.svc.cluster.local")).containsExactly("10.96.0.20");
      stopping.get();
      assertThat(log).contains("[INFO] plugin/health: Going into lameduck mode for 1.5s");
      assertThat(Dig.run(port, "clusterip-service.default.svc.cluster.local")).contains("no servers could be reached"); // stopped
    } finally {
      server.close();
    }
  }
}
