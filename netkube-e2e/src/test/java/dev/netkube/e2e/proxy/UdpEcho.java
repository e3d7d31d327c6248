package dev.netkube.e2e.proxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A UDP server in a network namespace that answers every datagram with one byte, the last digit of its own address
 * ("2" for 10.250.0.2): which endpoint a packet reached, in a form bash's byte-wise {@code read} takes whole. Java's source launcher runs it (nothing to install); {@link #close()} ends it.
 */
final class UdpEcho implements AutoCloseable {
  private static final String SOURCE = """
      import java.net.*;
      public class Echo {
        public static void main(String[] a) throws Exception {
          DatagramSocket s = new DatagramSocket(new InetSocketAddress(a[0], Integer.parseInt(a[1])));
          System.out.println("listening"); System.out.flush();
          byte[] buf = new byte[512];
          while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            byte[] r = a[0].substring(a[0].length() - 1).getBytes();
            s.send(new DatagramPacket(r, r.length, p.getSocketAddress()));
          }
        }
      }
      """;
  private final Process process;

  private UdpEcho(Process process) { this.process = process; }

  static UdpEcho start(String netns, String ip, int port, Path dir) throws IOException, InterruptedException {
    Path source = dir.resolve("Echo.java");
    if (!Files.exists(source)) Files.writeString(source, SOURCE);
    Process p = new ProcessBuilder("ip", "netns", "exec", netns, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", source.toString(), ip, Integer.toString(port)).redirectErrorStream(true).start();
    String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
    if (!"listening".equals(first)) {
      p.destroyForcibly();
      throw new AssertionError("the UDP echo server on " + ip + " did not start: " + first);
    }
    return new UdpEcho(p);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
  }
}
