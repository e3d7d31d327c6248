package dev.netkube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** `up` parsed without picocli sets exactly what picocli sets, and leaves every odd command line to picocli. */
class FastArgsTest {
  private static List<String> args(String line) {
    return line.isEmpty() ? List.of() : List.of(line.split(" "));
  }

  private static String describe(UpCommand up) {
    return up.port + " " + up.nodes + " " + up.timeoutSeconds + " " + up.kubeconfig + " " + up.store.toArgs();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "--port 16443", "--port=16443", "--store etcd", "--store=sqlite",
      "--store etcd --etcd-endpoints http://a:2379,http://b:2379", "--etcd-endpoints http://a:1 --etcd-endpoints http://b:2 --store etcd",
      "--nodes 3 --timeout 5 --kubeconfig /tmp/kc", "--kubeconfig=rel/kc --port 0", "--etcd-endpoints http://a:1"})
  void plainCommandLinesParseAsPicocliParsesThem(String line) {
    UpCommand viaPicocli = new UpCommand();
    new CommandLine(viaPicocli).parseArgs(args(line).toArray(String[]::new));
    Optional<UpCommand> direct = UpCommand.fromArgs(args(line));
    assertThat(direct).isPresent();
    assertThat(describe(direct.get())).isEqualTo(describe(viaPicocli));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "--version", "--port", "--port 0x10", "--port 010", "--port -1", "--port abc",
      "--port 1 --port 2", "--store mysql", "--store SQLITE", "--etcd-endpoints a,,b", "--etcd-endpoints=", "extra",
      "--kubeconfig --port", "--nodes 99999999999", "--unknown 1", "-p 1"})
  void everythingElseIsLeftToPicocli(String line) {
    assertThat(UpCommand.fromArgs(args(line))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"up", "server", "server --port 16443 --store etcd --bind-address 127.0.0.1,::1", "up --port 1"})
  void mainRunsTheStartPathDirectly(String line) {
    assertThat(Main.direct(line.split(" "))).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "down", "up --help", "server -h", "kubeconfig", "--version"})
  void otherCommandsGoThroughPicocli(String line) {
    assertThat(Main.direct(line.split(" "))).isEmpty();
  }
}
