package dev.netkube.agent.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real network namespace of this test's own with a real HTTP server on its loopback only. */
class NetnsPortDialerTest {
  private final String netns = "nkt" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
  private Path site;
  private Process server;

  @BeforeEach
  void startServerInNamespace() throws Exception {
    run("ip", "netns", "add", netns);
    run("ip", "netns", "exec", netns, "ip", "link", "set", "lo", "up");
    site = Files.createTempDirectory(netns + "-");
    Files.writeString(site.resolve("index.html"), "inside the namespace\n");
    server = new ProcessBuilder("ip", "netns", "exec", netns, "/usr/bin/python3", "-m", "http.server", "--bind",
        "127.0.0.1", "--directory", site.toString(), "8080").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (server != null) {
      server.descendants().forEach(ProcessHandle::destroyForcibly);
      server.destroyForcibly();
      server.waitFor(10, TimeUnit.SECONDS);
    }
    run("ip", "netns", "del", netns);
    if (site != null) {
      Files.deleteIfExists(site.resolve("index.html"));
      Files.deleteIfExists(site);
    }
  }

  @Test
  @Timeout(60)
  void connectsToTheNamespacesLoopback() throws Exception {
    Path ns = Path.of("/run/netns", netns);
    PortConnection conn = null;
    for (int i = 0; i < 100 && conn == null; i++) { // until python listens
      try {
        conn = NetnsPortDialer.dial(ns, netns, 8080);
      } catch (StreamingException e) {
        Thread.sleep(100);
      }
    }
    assertThat(conn).as("the server in the namespace never listened").isNotNull();
    try (PortConnection c = conn) {
      c.toPod().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      c.toPod().flush();
      String response = new String(c.fromPod().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.0 200").endsWith("inside the namespace\n");
    }
    // nothing listens on 8081 in there; the host's ports are not in reach either
    assertThatThrownBy(() -> NetnsPortDialer.dial(ns, netns, 8081))
        .isInstanceOfSatisfying(StreamingException.class, e -> assertThat(e.status()).isEqualTo(500))
        .hasMessage("failed to connect to localhost:8081 inside namespace \"" + netns + "\", IPv4: dial tcp4 "
            + "127.0.0.1:8081: connect: connection refused IPv6 dial tcp6 [::1]:8081: connect: connection refused ");
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
