package dev.netkube.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** `server` parsed without picocli sets exactly what picocli sets. */
class ServerCommandArgsTest {
  private static List<String> args(String line) {
    return line.isEmpty() ? List.of() : List.of(line.split(" "));
  }

  private static String describe(ServerCommand server) {
    return server.port + " " + server.bindAddresses + " " + server.store.toArgs();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "--port 16443", "--store etcd --etcd-endpoints http://a:2379 --port=7",
      "--bind-address 127.0.0.1,::1", "--bind-address 0.0.0.0 --bind-address ::1"})
  void plainCommandLinesParseAsPicocliParsesThem(String line) {
    ServerCommand viaPicocli = new ServerCommand();
    new CommandLine(viaPicocli).parseArgs(args(line).toArray(String[]::new));
    Optional<ServerCommand> direct = ServerCommand.fromArgs(args(line));
    assertThat(direct).isPresent();
    assertThat(describe(direct.get())).isEqualTo(describe(viaPicocli));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "--port 1 --port 2", "--store x", "--bind-address", "--nodes 1"})
  void everythingElseIsLeftToPicocli(String line) {
    assertThat(ServerCommand.fromArgs(args(line))).isEmpty();
  }
}
