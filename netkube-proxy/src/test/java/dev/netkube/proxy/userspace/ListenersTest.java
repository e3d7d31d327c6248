package dev.netkube.proxy.userspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.ServicePortName;
import dev.netkube.proxy.model.SessionAffinity;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listeners with real sockets on loopback: endpoints are small servers of this test, a refusing endpoint is a
 * port nothing listens on.
 */
class ListenersTest {
  private static final ServicePortName NAME = new ServicePortName("default", "web", "http");
  private final Transport transport = Transport.best();
  private final EventLoopGroup group = transport.group(2);
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) c.close();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
  }

  /** A TCP server answering each connection with {@code greeting} and what it read of the first line. */
  private int tcpServer(String greeting) throws IOException {
    ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    closing.add(s);
    Thread t = new Thread(() -> {
      while (!s.isClosed()) {
        try (Socket c = s.accept()) {
          String line = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream())).readLine();
          c.getOutputStream().write((greeting + " " + line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          // closed
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return s.getLocalPort();
  }

  private static int refusingPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort(); // closed again: connecting to it is refused
    }
  }

  private static String exchange(int port, String line) throws IOException {
    try (Socket c = new Socket("127.0.0.1", port)) {
      c.setSoTimeout(5000);
      OutputStream out = c.getOutputStream();
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aTcpConnectionIsRelayedAndAnEndpointThatRefusesIsSkippedForTheNext() throws Exception {
    RoundRobin rr = new RoundRobin(new Random(7));
    rr.update(List.of(new Endpoint("127.0.0.1", tcpServer("alive"), true, true, false, java.util.Optional.empty(), java.util.Optional.empty()),
        new Endpoint("127.0.0.1", refusingPort(), true, true, false, java.util.Optional.empty(), java.util.Optional.empty())), SessionAffinity.none());
    TcpListener l = TcpListener.bind(NAME, "127.0.0.1", 0, group, transport, rr, Clock.systemUTC());
    closing.add(l);
    for (int i = 0; i < 6; i++) assertThat(exchange(l.port(), "GET " + i)).isEqualTo("alive GET " + i + "\n");
  }

  @Test
  void aTcpPortWithoutEndpointsClosesTheConnectionAtOnce() throws Exception {
    TcpListener l = TcpListener.bind(NAME, "127.0.0.1", 0, group, transport, new RoundRobin(new Random()), Clock.systemUTC());
    closing.add(l);
    long t = System.nanoTime();
    try (Socket c = new Socket("127.0.0.1", l.port())) {
      c.setSoTimeout(5000);
      InputStream in = c.getInputStream();
      int first;
      try {
        first = in.read();
      } catch (java.net.SocketException reset) {
        first = -1; // a reset is a close too
      }
      assertThat(first).isEqualTo(-1);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(1));
  }

  /** A UDP server answering each datagram with its tag. */
  private int udpServer(String tag) throws IOException {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    closing.add(s);
    Thread t = new Thread(() -> {
      byte[] buf = new byte[512];
      while (!s.isClosed()) {
        try {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          s.receive(p);
          byte[] r = tag.getBytes(StandardCharsets.UTF_8);
          s.send(new DatagramPacket(r, r.length, p.getSocketAddress()));
        } catch (IOException e) {
          // closed
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return s.getLocalPort();
  }

  private static String ask(DatagramSocket client, int port) throws IOException {
    byte[] q = "x".getBytes(StandardCharsets.UTF_8);
    client.send(new DatagramPacket(q, q.length, new InetSocketAddress("127.0.0.1", port)));
    DatagramPacket r = new DatagramPacket(new byte[512], 512);
    client.receive(r);
    assertThat(r.getPort()).as("the reply comes from the listener").isEqualTo(port);
    return new String(r.getData(), 0, r.getLength(), StandardCharsets.UTF_8);
  }

  @Test
  void aUdpClientKeepsItsEndpointWhileItTalksAndPicksAnewAfterTheIdleTimeout() throws Exception {
    RoundRobin rr = new RoundRobin(new Random(7));
    Endpoint a = new Endpoint("127.0.0.1", udpServer("a"), true, true, false, java.util.Optional.empty(), java.util.Optional.empty());
    Endpoint b = new Endpoint("127.0.0.1", udpServer("b"), true, true, false, java.util.Optional.empty(), java.util.Optional.empty());
    rr.update(List.of(a), SessionAffinity.none());
    UdpListener l = UdpListener.bind(NAME, "127.0.0.1", 0, group, transport, rr, Clock.systemUTC(), Duration.ofMillis(250));
    closing.add(l);
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      client.setSoTimeout(3000);
      assertThat(ask(client, l.port())).isEqualTo("a");
      assertThat(l.sessions()).isEqualTo(1);
      rr.update(List.of(b), SessionAffinity.none());
      assertThat(ask(client, l.port())).as("the session still lives: its endpoint stays").isEqualTo("a");
      await().atMost(Duration.ofSeconds(3)).until(() -> l.sessions() == 0);
      assertThat(ask(client, l.port())).as("a new session, a new choice").isEqualTo("b");
    }
  }

  @Test
  void aUdpDatagramWithoutEndpointsIsDropped() throws Exception {
    UdpListener l = UdpListener.bind(NAME, "127.0.0.1", 0, group, transport, new RoundRobin(new Random()), Clock.systemUTC(),
        Duration.ofMillis(250));
    closing.add(l);
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      client.setSoTimeout(500);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ask(client, l.port())).isInstanceOf(java.net.SocketTimeoutException.class);
      assertThat(l.sessions()).isZero();
    }
  }
}
