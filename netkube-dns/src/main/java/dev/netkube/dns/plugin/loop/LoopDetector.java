package dev.netkube.dns.plugin.loop;

import dev.netkube.dns.plugin.Chain;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.Reply;
import dev.netkube.dns.plugin.Request;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Counts its own probe query; past two sightings it is a loop. Steps aside once probing ended. */
final class LoopDetector implements Handler, AutoCloseable {
  /** CoreDNS probes for up to 30 s, then stops looking. */
  static final long PROBE_WINDOW_MILLIS = 30_000;

  private final String zone;
  private final String probeName;
  private final PluginContext context;
  private final AtomicInteger seen = new AtomicInteger();
  private final AtomicBoolean disabled = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  LoopDetector(String zone, PluginContext context) {
    this.zone = zone;
    this.context = context;
    ThreadLocalRandom r = ThreadLocalRandom.current();
    this.probeName = (Math.abs(r.nextLong()) + "." + Math.abs(r.nextLong()) + "." + (zone.equals(".") ? "" : zone))
        .toLowerCase(Locale.ROOT);
  }

  String probeName() { return probeName; }

  @Override
  public Reply serve(Request request, Chain next) {
    if (!disabled.get() && request.qtype() == Type.HINFO && request.name().equals(probeName)) {
      if (seen.incrementAndGet() > 2) {
        String reason = String.format("Loop (%s -> %s) detected for zone \"%s\", see https://coredns.io/plugins/loop#troubleshooting. Query: \"HINFO %s\"",
            request.client(), context.server(), zone, probeName);
        context.log("[FATAL] plugin/loop: " + reason);
        disabled.set(true);
        context.services().halt(reason);
      }
    }
    return next.serve(request);
  }

  /**
   * Sends the probe to this server's own port over UDP, as CoreDNS does, until this detector saw it once (the
   * listener is up and this generation is the one answering); then stands down 2 s later, or at 30 s. A probe that
   * gets no answer resets the count (CoreDNS's reset): an unreachable upstream is not a loop.
   */
  void startProbing() {
    int port = Integer.parseInt(context.server().substring(context.server().lastIndexOf(':') + 1));
    Thread t = new Thread(() -> {
      long deadline = System.currentTimeMillis() + PROBE_WINDOW_MILLIS;
      try {
        Message probe = Message.newQuery(Record.newRecord(Name.fromString(probeName), Type.HINFO, DClass.IN));
        byte[] wire = probe.toWire();
        while (!closed.get() && System.currentTimeMillis() < deadline) {
          try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
            socket.setSoTimeout(2000);
            socket.send(new java.net.DatagramPacket(wire, wire.length, java.net.InetAddress.getLoopbackAddress(), port));
            socket.receive(new java.net.DatagramPacket(new byte[65535], 65535));
            if (seen.get() > 0) {
              Thread.sleep(2000); // let a looping query come round before standing down
              break;
            }
          } catch (java.io.IOException e) {
            // not listening yet, or no answer (an upstream that does not answer): as CoreDNS, forget what was seen
            // and try again; only a probe coming round more than twice within one exchange is a loop
            seen.set(0);
          }
          Thread.sleep(1000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (TextParseException e) {
        // a zone that makes no probe name: nothing to detect with
      }
      disabled.set(true);
    }, "loop-probe");
    t.setDaemon(true);
    t.start();
  }

  @Override public void close() { closed.set(true); disabled.set(true); }
}
