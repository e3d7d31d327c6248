package dev.netkube.agent.probes;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.netkube.agent.probes.ProbeTracker.Result;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** httpGet and tcpSocket probes against real sockets on loopback. */
class NetworkProbesTest {
  private final NetworkProbes probes = new NetworkProbes();

  @Test
  void httpGetSucceedsBelow400AndFailsWithKubeletsWords() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ok", x -> { x.sendResponseHeaders(200, -1); x.close(); });
    server.createContext("/moved", x -> { x.getResponseHeaders().add("Location", "/ok"); x.sendResponseHeaders(302, -1); x.close(); });
    server.createContext("/broken", x -> { x.sendResponseHeaders(500, -1); x.close(); });
    server.start();
    try {
      int port = server.getAddress().getPort();
      assertThat(probes.httpGet("HTTP", "127.0.0.1", port, "/ok", Map.of(), Duration.ofSeconds(1))).isEqualTo(new Result.Success());
      assertThat(probes.httpGet("HTTP", "127.0.0.1", port, "/moved", Map.of(), Duration.ofSeconds(1))).isEqualTo(new Result.Success());
      assertThat(probes.httpGet("HTTP", "127.0.0.1", port, "/broken", Map.of(), Duration.ofSeconds(1)))
          .isEqualTo(new Result.Failure("HTTP probe failed with statuscode: 500"));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void refusedConnectionsSayWhatGoSays() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThat(probes.tcpSocket("127.0.0.1", port, Duration.ofSeconds(1)))
        .isEqualTo(new Result.Failure("dial tcp 127.0.0.1:" + port + ": connect: connection refused"));
    assertThat(probes.httpGet("HTTP", "127.0.0.1", port, "/", Map.of(), Duration.ofSeconds(1)))
        .isEqualTo(new Result.Failure("Get \"http://127.0.0.1:" + port + "/\": dial tcp 127.0.0.1:" + port + ": connect: connection refused"));
    try (ServerSocket open = new ServerSocket(0)) {
      assertThat(probes.tcpSocket("127.0.0.1", open.getLocalPort(), Duration.ofSeconds(1))).isEqualTo(new Result.Success());
    }
  }
}
