package dev.netkube.dns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netkube.dns.corefile.ImportSource;
import dev.netkube.dns.metrics.DnsMetrics;
import dev.netkube.dns.plugin.PluginRegistry;
import dev.netkube.dns.plugin.kubernetes.ClusterSource;
import dev.netkube.dns.testing.Clusters;
import dev.netkube.dns.testing.Dig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * reload with the Corefile in a ConfigMap volume: kubelet's atomic writer puts the file in a timestamped directory,
 * points {@code ..data} at it and {@code Corefile} at {@code ..data/Corefile}; an edit swaps {@code ..data}.
 */
class ConfigMapReloadTest {
  @TempDir Path volume;

  @Test
  void anEditThroughTheAtomicWritersSymlinksIsPickedUp() throws Exception {
    int port = DnsServerDigTest.freePort();
    String corefile = ".:%d {\n    kubernetes cluster.local {\n        ttl %d\n    }\n    reload 2s 1s\n}\n";
    write("..2026_12_02_00_00_00.1", corefile.formatted(port, 7));
    Files.createSymbolicLink(volume.resolve("Corefile"), Path.of("..data/Corefile"));
    List<String> log = new CopyOnWriteArrayList<>();
    ServerServices services = new ServerServices(new DnsMetrics(), log::add, Clock.systemUTC(),
        c -> ClusterSource.of(Clusters.seed()), r -> { });
    CorefileLoader loader = new CorefileLoader(PluginRegistry.standard(), k -> null, ImportSource.FILES, 53);
    try (DnsServer server = DnsServer.start(volume.resolve("Corefile"), loader, services, "127.0.0.1")) {
      assertThat(Dig.run(port, "clusterip-service.default.svc.cluster.local")).containsPattern("\\s7\\s+IN\\s+A\\s+10\\.96\\.0\\.20");
      write("..2026_12_02_00_01_00.2", corefile.formatted(port, 8));
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
          assertThat(Dig.run(port, "clusterip-service.default.svc.cluster.local")).containsPattern("\\s8\\s+IN\\s+A\\s+10\\.96\\.0\\.20"));
    }
  }

  /** The atomic writer's step: the new directory, a temporary link to it, renamed over ..data. */
  private void write(String dir, String text) throws Exception {
    Path d = Files.createDirectory(volume.resolve(dir));
    Files.writeString(d.resolve("Corefile"), text);
    Path tmp = volume.resolve("..data_tmp");
    Files.createSymbolicLink(tmp, Path.of(dir));
    Files.move(tmp, volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
