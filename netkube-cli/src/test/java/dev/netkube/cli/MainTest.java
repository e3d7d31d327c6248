package dev.netkube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.apiserver.ApiServerConfig.StoreConfig;
import dev.netkube.cli.server.StoreOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  /** Runs Main with stderr captured; returns [exit code, stderr]. */
  private static Object[] run(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true));
    try {
      int code = Main.execute(args);
      return new Object[] {code, err.toString()};
    } finally {
      System.setErr(original);
    }
  }

  @Test
  void etcdEndpointsWithoutTheEtcdStoreIsAnErrorThatSaysWhatToDo() {
    Object[] result = run("up", "--etcd-endpoints", "http://127.0.0.1:2379");
    assertThat(result[0]).isEqualTo(1);
    assertThat((String) result[1]).isEqualTo("""
        netkube: error: --etcd-endpoints is only used with --store etcd
          add --store etcd, or drop --etcd-endpoints to keep the default SQLite store
        """);
  }

  @Test
  void anUnknownStoreIsAUsageError() {
    Object[] result = run("up", "--store", "mysql");
    assertThat(result[0]).isEqualTo(2);
    assertThat((String) result[1]).contains("Invalid value for option '--store'");
  }

  @Test
  void storeOptionsMapToTheServerConfig() {
    NetkubeHome home = new NetkubeHome(Path.of("/tmp/nk"));
    StoreOptions etcd = new StoreOptions();
    new CommandLine(etcd).parseArgs("--store", "etcd");
    assertThat(etcd.toConfig(home)).isEqualTo(new StoreConfig.Etcd(List.of("http://127.0.0.1:2379"), "/registry"));
    assertThat(etcd.toArgs()).containsExactly("--store", "etcd");

    StoreOptions sqlite = new StoreOptions();
    new CommandLine(sqlite).parseArgs();
    assertThat(sqlite.toConfig(home)).isEqualTo(new StoreConfig.Sqlite(Path.of("/tmp/nk/data/state.db")));
  }

  @Test
  void theClientSideOfUpProbesTlsWithTheAdminCertificateAndWritesKubeconfigs(@TempDir Path scratch) throws Exception {
    // cds-training runs the readiness probe against a throwaway TLS endpoint, then the merge
    assertThat(Main.execute("cds-training", scratch.toString())).isZero();
    assertThat(Files.readString(scratch.resolve("kubeconfig"))).contains("current-context: netkube");
    assertThat(Files.readString(scratch.resolve("home/kubeconfig"))).contains("client-key-data:");
  }

  @Test
  void homeDefaultsToDotNetkube() {
    assertThat(NetkubeHome.from(java.util.Map.of(), Path.of("/home/u")).dir()).isEqualTo(Path.of("/home/u/.netkube"));
    assertThat(NetkubeHome.from(java.util.Map.of("NETKUBE_HOME", "/srv/nk"), Path.of("/home/u")).pidFile())
        .isEqualTo(Path.of("/srv/nk/server.pid"));
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    assertThat(Durations.elapsed(Duration.ofMillis(850))).isEqualTo("850 ms");
    assertThat(Durations.elapsed(Duration.ofMillis(1420))).isEqualTo("1.4 s");
    assertThat(Durations.uptime(Duration.ofSeconds(192))).isEqualTo("3m12s");
    assertThat(Durations.uptime(Duration.ofHours(26))).isEqualTo("1d2h");
  }
}
