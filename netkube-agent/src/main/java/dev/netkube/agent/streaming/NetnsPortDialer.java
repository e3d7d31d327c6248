package dev.netkube.agent.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Connects to localhost:port inside a network namespace, as the container runtime does for
 * kubelet's port-forward (IPv4 first, then IPv6). A JVM thread cannot enter a namespace, so the
 * connection is held by a small relay process entered with {@code nsenter --net}: bash opens
 * the socket ({@code /dev/tcp}), says so with one byte, and two {@code cat}s copy both ways over
 * its stdin and stdout. Closing the connection ends the relay.
 */
public final class NetnsPortDialer {
  /**
   * The relay: $1 is the port; "R" on stdout once connected; bash's complaint on stderr otherwise.
   * The client-to-pod copy runs in the background, whose stdin bash would make /dev/null: it reads
   * a copy (fd 4) of ours. The pod-to-client copy replaces bash, so it alone holds stdout: the
   * pod closing its side ends our stream.
   */
  private static final String RELAY = "exec 3<>/dev/tcp/127.0.0.1/$1 || exec 3<>/dev/tcp/::1/$1 || exit 1; "
      + "exec 4<&0; printf R; cat <&4 >&3 & exec cat <&3 4<&-";

  private NetnsPortDialer() {}

  /**
   * @param netns the namespace's file (e.g. /run/netns/name, or /proc/pid/ns/net)
   * @param id how errors name the namespace (the pod sandbox, as containerd names it)
   */
  public static PortConnection dial(Path netns, String id, int port) throws StreamingException {
    Process relay;
    try {
      relay = new ProcessBuilder(List.of("nsenter", "--net=" + netns, "--", "bash", "-c", RELAY, "relay",
          Integer.toString(port))).start();
    } catch (IOException e) {
      throw new StreamingException(500, "cannot start the port-forward relay: " + e.getMessage());
    }
    try {
      int first = relay.getInputStream().read();
      if (first == 'R') return new Relay(relay);
      relay.waitFor(5, TimeUnit.SECONDS);
      String why = new String(relay.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      destroy(relay);
      throw new StreamingException(500, failure(id, port, why));
    } catch (IOException e) {
      destroy(relay);
      throw new StreamingException(500, "port-forward relay failed: " + e.getMessage());
    } catch (InterruptedException e) {
      destroy(relay);
      Thread.currentThread().interrupt();
      throw new StreamingException(500, "interrupted");
    }
  }

  /** containerd's words, with Go's dial errors where bash says "Connection refused". */
  static String failure(String id, int port, String bashStderr) {
    boolean refused = bashStderr.contains("Connection refused");
    String v4 = "dial tcp4 127.0.0.1:" + port + ": connect: " + (refused ? "connection refused" : bashStderr.trim());
    String v6 = "dial tcp6 [::1]:" + port + ": connect: " + (refused ? "connection refused" : "cannot assign requested address");
    return "failed to connect to localhost:" + port + " inside namespace \"" + id + "\", IPv4: " + v4 + " IPv6 " + v6 + " ";
  }

  private static void destroy(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static final class Relay implements PortConnection {
    private final Process process;

    Relay(Process process) { this.process = process; }

    @Override public InputStream fromPod() { return process.getInputStream(); }

    @Override public OutputStream toPod() { return process.getOutputStream(); }

    @Override
    public void close() {
      destroy(process);
      try {
        process.getInputStream().close();
        process.getOutputStream().close();
        process.getErrorStream().close();
      } catch (IOException ignored) {
        // gone already
      }
    }
  }
}
