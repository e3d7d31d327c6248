package dev.netkube.cli.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The dns role as the coredns image runs it: CoreDNS's flags, its banner, a broken Corefile refused. */
class DnsCommandTest {
  @TempDir Path dir;

  @Test
  void acceptsCoreDnsFlags() {
    DnsCommand c = new DnsCommand();
    new CommandLine(c).parseArgs("-conf", "/etc/coredns/Corefile", "-dns.port", "1053");
    assertThat(c.conf).isEqualTo(Path.of("/etc/coredns/Corefile"));
    assertThat(c.port).isEqualTo(1053);
  }

  @Test
  void servesTheCorefileAndRefusesABrokenOne() throws Exception {
    int port = freePort();
    Path corefile = dir.resolve("Corefile");
    // no port in the key: -dns.port gives it
    Files.writeString(corefile, ". {\n    errors\n    forward . 127.0.0.1:9\n}\n");
    Path output = dir.resolve("out.txt");
    Process p = role(output, "-conf", corefile.toString(), "-dns.port", Integer.toString(port), "-bind", "127.0.0.1");
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> dig(port).contains("status: SERVFAIL")); // the dead upstream
      p.destroy();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      String out = Files.readString(output);
      assertThat(out).contains(".:" + port).contains("CoreDNS-1.11.3 (netkube)").contains("[ERROR] plugin/errors: 2 example.org. A:");
    } finally {
      p.destroyForcibly();
    }
    Files.writeString(corefile, ". {\n    errors\n    nonsense\n}\n");
    Path brokenOutput = dir.resolve("broken.txt");
    Process broken = role(brokenOutput, "-conf", corefile.toString(), "-dns.port", Integer.toString(port));
    try {
      assertThat(broken.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(broken.exitValue()).isEqualTo(1);
      assertThat(Files.readString(brokenOutput))
          .contains("netkube: error: " + corefile + ":3 - Error during parsing: Unknown directive 'nonsense'");
    } finally {
      broken.destroyForcibly();
    }
  }

  private static Process role(Path output, String... args) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.netkube.cli.Main", "dns"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
  }

  private static String dig(int port) throws Exception {
    Process d = new ProcessBuilder("dig", "@127.0.0.1", "-p", Integer.toString(port), "+time=1", "+tries=1", "example.org")
        .redirectErrorStream(true).start();
    try {
      d.waitFor(10, TimeUnit.SECONDS);
      return new String(d.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      d.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    while (true) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
           DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()))) {
        return s.getLocalPort();
      } catch (IOException e) {
        // taken on UDP: another
      }
    }
  }
}
