package dev.netkube.dns.plugin.forward;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Message;

/** One upstream: its address, its failure count (down past max_fails) and one exchange over UDP or TCP. */
final class Upstream {
  final InetSocketAddress address;
  final AtomicInteger fails = new AtomicInteger();
  final AtomicBoolean checking = new AtomicBoolean();

  Upstream(InetSocketAddress address) { this.address = address; }

  /** CoreDNS's label for the upstream: {@code 10.0.0.1:53}. */
  String label() {
    String host = address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  boolean down(int maxFails) { return maxFails != 0 && fails.get() > maxFails; }

  Message exchange(Message query, boolean tcp, Duration timeout) throws IOException {
    byte[] wire = query.toWire();
    return tcp ? tcp(wire, query.getHeader().getID(), timeout) : udp(wire, query.getHeader().getID(), timeout);
  }

  private Message udp(byte[] wire, int id, Duration timeout) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(address);
      socket.setSoTimeout((int) timeout.toMillis());
      try {
        socket.send(new DatagramPacket(wire, wire.length));
      } catch (java.net.PortUnreachableException e) {
        throw refused("udp", socket.getLocalPort());
      }
      byte[] buf = new byte[65535];
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          socket.receive(p);
        } catch (SocketTimeoutException e) {
          throw timeout("udp", socket.getLocalPort());
        } catch (java.net.PortUnreachableException e) {
          throw refused("udp", socket.getLocalPort());
        }
        Message m = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
        if (m.getHeader().getID() == id) return m;
        if (System.nanoTime() > deadline) throw timeout("udp", socket.getLocalPort()); // only stray answers came
      }
    }
  }

  private Message tcp(byte[] wire, int id, Duration timeout) throws IOException {
    try (Socket socket = new Socket()) {
      try {
        socket.connect(address, (int) timeout.toMillis());
      } catch (java.net.ConnectException e) {
        throw new IOException("dial tcp " + label() + ": connect: connection refused");
      }
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      byte[] framed = new byte[wire.length + 2];
      framed[0] = (byte) (wire.length >> 8);
      framed[1] = (byte) wire.length;
      System.arraycopy(wire, 0, framed, 2, wire.length);
      out.write(framed);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      try {
        int length = in.readUnsignedShort();
        byte[] body = new byte[length];
        in.readFully(body);
        return new Message(body);
      } catch (SocketTimeoutException e) {
        throw timeout("tcp", socket.getLocalPort());
      }
    }
  }

  private IOException refused(String proto, int localPort) {
    return new IOException("read " + proto + " 127.0.0.1:" + localPort + "->" + label() + ": read: connection refused");
  }

  /** Go's words for the error the errors plugin logs. */
  private IOException timeout(String proto, int localPort) {
    return new IOException("read " + proto + " 127.0.0.1:" + localPort + "->" + label() + ": i/o timeout");
  }
}
