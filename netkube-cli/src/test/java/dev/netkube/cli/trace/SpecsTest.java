package dev.netkube.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netkube.cli.UserError;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecsTest {
  @Test
  void sources() {
    assertThat(SourceSpec.parse("pod/testnet")).isEqualTo(new SourceSpec.Pod("testnet"));
    assertThat(SourceSpec.parse("po/testnet")).isEqualTo(new SourceSpec.Pod("testnet"));
    assertThat(SourceSpec.parse("node/node-2")).isEqualTo(new SourceSpec.Node("node-2"));
    assertThat(SourceSpec.parse("node-2")).isEqualTo(new SourceSpec.Node("node-2"));
    assertThat(SourceSpec.parse("lan")).isEqualTo(new SourceSpec.Lan());
    assertThat(SourceSpec.parse("host")).isEqualTo(new SourceSpec.Host());
    assertThat(SourceSpec.parse("10.244.1.9")).isEqualTo(new SourceSpec.Address("10.244.1.9"));
  }

  @Test
  void badSourcesSayWhatToType() {
    assertThatThrownBy(() -> SourceSpec.parse("svc/web")).isInstanceOf(UserError.class)
        .hasMessage("--from svc/web: a packet cannot start at a svc")
        .satisfies(e -> assertThat(((UserError) e).hint()).contains("pod/NAME", "node-N", "lan", "host", "--node"));
    assertThatThrownBy(() -> SourceSpec.parse("testnet")).hasMessage("--from testnet: not a source");
    assertThatThrownBy(() -> SourceSpec.parse("10.244.1.300")).hasMessage("--from 10.244.1.300: not a source");
  }

  @Test
  void destinations() {
    assertThat(DestSpec.parse("svc/web")).isEqualTo(new DestSpec.Service("web", Optional.empty()));
    assertThat(DestSpec.parse("service/web:http")).isEqualTo(new DestSpec.Service("web", Optional.of("http")));
    assertThat(DestSpec.parse("svc/web:8080")).isEqualTo(new DestSpec.Service("web", Optional.of("8080")));
    assertThat(DestSpec.parse("10.96.0.10:53")).isEqualTo(new DestSpec.AddressPort("10.96.0.10", 53));
    assertThat(DestSpec.parse("node-1:30000")).isEqualTo(new DestSpec.NodePort("node-1", 30000));
    assertThat(DestSpec.parse("node/worker:30000")).isEqualTo(new DestSpec.NodePort("worker", 30000));
  }

  @Test
  void badDestinationsSayWhatToType() {
    assertThatThrownBy(() -> DestSpec.parse("10.96.0.10")).hasMessage("--to 10.96.0.10: which port? add :PORT")
        .satisfies(e -> assertThat(((UserError) e).hint()).contains("svc/NAME", "IP:PORT", "node-N:PORT"));
    assertThatThrownBy(() -> DestSpec.parse("node-1:http")).hasMessage("--to node-1:http: http is not a port number (1-65535)");
    assertThatThrownBy(() -> DestSpec.parse("10.96.0.10:70000")).hasMessage("--to 10.96.0.10:70000: 70000 is not a port number (1-65535)");
    assertThatThrownBy(() -> DestSpec.parse("pod/x:80")).hasMessageContaining("not a pod");
    assertThatThrownBy(() -> DestSpec.parse("svc/web:")).hasMessage("--to svc/web:: empty port");
    assertThatThrownBy(() -> DestSpec.parse("web")).hasMessage("--to web: not a destination");
  }
}
