package dev.netkube.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code netkube trace}'s argument errors, through Main as a user meets them (before any cluster is needed). */
class TraceCommandTest {
  private record Run(int code, String err) {}

  private static Run run(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Run(Main.execute(args), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }

  @Test
  void aBadSourceSaysWhatToType() {
    Run r = run("trace", "--from", "svc/web", "--to", "svc/web");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("netkube: error: --from svc/web: a packet cannot start at a svc\n"
        + "  " + SourceSpec.HINT + "\n");
  }

  @Test
  void aDestinationWithoutAPortAndAnUnknownProtocol() {
    Run r = run("trace", "--from", "lan", "--to", "192.168.10.2");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("netkube: error: --to 192.168.10.2: which port? add :PORT\n");
    Run p = run("trace", "--from", "lan", "--to", "node-1:30000", "--protocol", "icmp");
    assertThat(p.err()).isEqualTo("netkube: error: --protocol icmp: not tcp, udp or sctp\n  --protocol tcp\n");
  }

  @Test
  void missingOptionsGetPicocliUsage() {
    Run r = run("trace", "--from", "lan");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required option: '--to=DEST'").contains("Usage: netkube trace");
  }
}
