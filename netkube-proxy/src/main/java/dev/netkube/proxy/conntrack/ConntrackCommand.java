package dev.netkube.proxy.conntrack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter: Debian's {@code conntrack} tool deleting entries in this (or a named) network namespace. Exit code
 * 1 with "0 flow entries have been deleted" is no error: nothing was stale.
 */
public final class ConntrackCommand {
  private static final Logger LOG = LoggerFactory.getLogger(ConntrackCommand.class);
  private static final String CONNTRACK = "/usr/sbin/conntrack";
  private final List<String> prefix;

  private ConntrackCommand(List<String> prefix) { this.prefix = List.copyOf(prefix); }

  public static ConntrackCommand system() { return new ConntrackCommand(List.of(CONNTRACK)); }

  public static ConntrackCommand inNetns(String netns) {
    return new ConntrackCommand(List.of("/usr/sbin/ip", "netns", "exec", netns, CONNTRACK));
  }

  /** Runs the deletions; returns how many commands failed for another reason than "nothing matched". */
  public int flush(List<ConntrackFlush> flushes) {
    int failed = 0;
    for (ConntrackFlush f : flushes) {
      List<String> cmd = new ArrayList<>(prefix);
      cmd.addAll(List.of("-D", "-p", "udp"));
      if (f instanceof ConntrackFlush.ToServiceIp s) {
        cmd.addAll(List.of("--orig-dst", s.ip(), "--dport", Integer.toString(s.port())));
      } else if (f instanceof ConntrackFlush.ToGoneEndpoint g) {
        cmd.addAll(List.of("--orig-dst", g.serviceIp(), "--dst-nat", g.endpointIp()));
      } else if (f instanceof ConntrackFlush.NodePortToGoneEndpoint n) {
        cmd.addAll(List.of("--dport", Integer.toString(n.nodePort()), "--dst-nat", n.endpointIp()));
      }
      try {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          failed++;
        } else if (p.exitValue() != 0 && !out.contains("0 flow entries have been deleted")) {
          LOG.warn("{}: {}", String.join(" ", cmd), out.strip());
          failed++;
        }
      } catch (IOException e) {
        LOG.warn("cannot run conntrack ({}); install Debian's conntrack package", e.getMessage());
        return flushes.size();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failed + 1;
      }
    }
    return failed;
  }
}
