package dev.netkube.proxy.conntrack;

import dev.netkube.proxy.exec.Program;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter: Debian's {@code conntrack} tool deleting entries in this (or a named) network namespace. Exit code
 * 1 with "0 flow entries have been deleted" is no error: nothing was stale.
 */
public final class ConntrackCommand {
  private static final Logger LOG = LoggerFactory.getLogger(ConntrackCommand.class);
  private static final String CONNTRACK = "/usr/sbin/conntrack";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
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
      Program.Result r = Program.run(cmd, "", TIMEOUT);
      if (r instanceof Program.Result.NotStarted n) {
        LOG.warn("cannot run conntrack ({}); install Debian's conntrack package", n.why());
        return flushes.size();
      }
      if (r instanceof Program.Result.Exited e && e.code() != 0 && !(e.out() + e.err()).contains("0 flow entries have been deleted")) {
        LOG.warn("{}: {}", String.join(" ", cmd), (e.out() + e.err()).strip());
        failed++;
      } else if (r instanceof Program.Result.Stopped stopped) {
        LOG.warn("{}: {}", String.join(" ", cmd), stopped.why());
        failed++;
        if (Thread.currentThread().isInterrupted()) return failed;
      }
    }
    return failed;
  }
}
