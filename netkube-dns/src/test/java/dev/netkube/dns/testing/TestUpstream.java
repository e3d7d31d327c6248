package dev.netkube.dns.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A second DNS server on loopback for forward's tests, UDP and TCP on one port: {@code example.org A} is
 * 192.0.2.1 ({@code slow.example.org} too, after 1.5 s), {@code multi.example.org A} eight addresses, {@code big.example.org TXT} is 30 long strings (truncated over UDP, whole over TCP), anything else
 * NXDOMAIN. Counts what it was asked, per protocol.
 */
public final class TestUpstream implements AutoCloseable {
  public final AtomicInteger udpQueries = new AtomicInteger();
  public final AtomicInteger tcpQueries = new AtomicInteger();
  private final DatagramSocket udp;
  private final ServerSocket tcp;

  public TestUpstream() throws IOException { this(0); }

  /** On a given port (one a test saw dead before). */
  public TestUpstream(int port) throws IOException {
    tcp = new ServerSocket();
    tcp.setReuseAddress(true);
    tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort()));
    Thread u = new Thread(this::serveUdp, "test-upstream-udp");
    u.setDaemon(true);
    u.start();
    Thread t = new Thread(this::serveTcp, "test-upstream-tcp");
    t.setDaemon(true);
    t.start();
  }

  public int port() { return tcp.getLocalPort(); }

  private void serveUdp() {
    byte[] buf = new byte[65535];
    while (!udp.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        udpQueries.incrementAndGet();
        Message q = new Message(Arrays.copyOf(p.getData(), p.getLength()));
        java.net.SocketAddress from = p.getSocketAddress();
        Thread reply = new Thread(() -> {
          try {
            if (q.getQuestion().getName().toString().startsWith("slow.")) Thread.sleep(1500);
            byte[] out = answer(q, false).toWire();
            udp.send(new DatagramPacket(out, out.length, from));
          } catch (IOException | InterruptedException e) {
            // closed
          }
        });
        reply.setDaemon(true);
        reply.start();
      } catch (IOException e) {
        // closed
      }
    }
  }

  private void serveTcp() {
    while (!tcp.isClosed()) {
      try (Socket s = tcp.accept()) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] q = new byte[in.readUnsignedShort()];
        in.readFully(q);
        tcpQueries.incrementAndGet();
        byte[] out = answer(new Message(q), true).toWire();
        DataOutputStream o = new DataOutputStream(s.getOutputStream());
        o.writeShort(out.length);
        o.write(out);
        o.flush();
      } catch (IOException e) {
        // closed, or a client gone
      }
    }
  }

  private static Message answer(Message q, boolean overTcp) throws IOException {
    Message m = new Message(q.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.RA);
    if (q.getHeader().getFlag(Flags.RD)) m.getHeader().setFlag(Flags.RD);
    Record question = q.getQuestion();
    m.addRecord(question, Section.QUESTION);
    String name = question.getName().toString().toLowerCase();
    if ((name.equals("example.org.") || name.equals("slow.example.org.")) && question.getType() == Type.A) {
      m.addRecord(new ARecord(question.getName(), DClass.IN, 300, InetAddress.getByName("192.0.2.1")), Section.ANSWER);
    } else if (name.equals("big.example.org.") && question.getType() == Type.TXT) {
      if (!overTcp) {
        m.getHeader().setFlag(Flags.TC); // as a real server: the whole answer only over TCP
        return m;
      }
      for (int i = 0; i < 30; i++) {
        m.addRecord(new TXTRecord(question.getName(), DClass.IN, 300, "record " + i + " " + "x".repeat(40)), Section.ANSWER);
      }
    } else if (name.equals("multi.example.org.") && question.getType() == Type.A) {
      for (int i = 1; i <= 8; i++) {
        m.addRecord(new ARecord(question.getName(), DClass.IN, 300, InetAddress.getByName("192.0.2." + (10 + i))), Section.ANSWER);
      }
    } else if (question.getType() == Type.NS && name.equals(".")) {
      return m; // the health check's probe
    } else {
      m.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    return m;
  }

  @Override
  public void close() throws IOException {
    udp.close();
    tcp.close();
  }
}
