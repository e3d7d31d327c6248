package dev.netkube.dns.server;

import dev.netkube.dns.plugin.Chain;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.ParsedPlugin;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.Reply;
import dev.netkube.dns.plugin.Request;
import dev.netkube.dns.plugin.Zones;
import dev.netkube.dns.plugin.health.HealthSetup;
import dev.netkube.dns.plugin.prometheus.PrometheusSetup;
import dev.netkube.dns.plugin.ready.ReadySetup;
import dev.netkube.dns.plugin.reload.ReloadSetup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;

/**
 * One loaded Corefile, started: each block's chain, routed by port and the longest matching zone (CoreDNS's
 * server). Replaced whole on reload; its plugins' resources close with it.
 */
public final class Generation implements AutoCloseable {
  private record Block(List<String> zones, Chain chain, String server) {}

  private final LoadedCorefile corefile;
  private ServerServices services;
  private final Map<Integer, List<Block>> byPort = new LinkedHashMap<>();
  private final List<PluginContext.Readiness> readiness = PluginContext.newReadinessList();
  private final List<AutoCloseable> closeables = PluginContext.newCloseables();

  private Generation(LoadedCorefile corefile) { this.corefile = corefile; }

  public static Generation start(LoadedCorefile corefile, ServerServices shared) throws Exception {
    Generation g = new Generation(corefile);
    g.services = shared;
    try {
      PluginContext.Lookup lookup = query -> g.lookup(query);
      PluginContext base = new PluginContext(shared.metrics(), shared.log(), shared.clock(), lookup, shared, g.readiness,
          g.closeables, "", List.of(), List.of());
      for (ServerBlockConfig b : corefile.blocks()) {
        String server = "dns://:" + b.port();
        List<String> names = b.plugins().stream().map(ParsedPlugin::name).toList();
        PluginContext ctx = base.forBlock(server, b.zones(), names);
        List<Handler> handlers = new ArrayList<>();
        for (ParsedPlugin<?> p : b.plugins()) handlers.add(p.start(ctx));
        g.byPort.computeIfAbsent(b.port(), k -> new ArrayList<>()).add(new Block(b.zones(), new Chain(handlers), server));
      }
    } catch (Exception e) {
      g.close();
      throw e;
    }
    return g;
  }

  public LoadedCorefile corefile() { return corefile; }

  public java.util.Set<Integer> ports() { return byPort.keySet(); }

  /** The plugins not ready, by name, sorted (the ready plugin's 503 body). */
  public List<String> notReady() {
    TreeSet<String> out = new TreeSet<>();
    for (PluginContext.Readiness r : readiness) if (!r.ready().getAsBoolean()) out.add(r.plugin());
    return List.copyOf(out);
  }

  public <C> List<C> configs(String plugin, Class<C> type) {
    List<C> out = new ArrayList<>();
    for (ServerBlockConfig b : corefile.blocks()) b.config(plugin, type).ifPresent(out::add);
    return out;
  }

  public Optional<HealthSetup.Config> health() { return configs("health", HealthSetup.Config.class).stream().findFirst(); }

  public Optional<ReadySetup.Config> ready() { return configs("ready", ReadySetup.Config.class).stream().findFirst(); }

  public List<PrometheusSetup.Config> prometheus() { return configs("prometheus", PrometheusSetup.Config.class); }

  public Optional<ReloadSetup.Config> reload() { return configs("reload", ReloadSetup.Config.class).stream().findFirst(); }

  /** One query on {@code port}, answered: the wire bytes to send back, or none (no block for the port). */
  public byte[] handle(int port, byte[] wire, String protocol, InetSocketAddress client) {
    Message query;
    try {
      query = new Message(wire);
    } catch (java.io.IOException e) {
      return formatError(wire);
    }
    Request request = Request.of(query, protocol, client, "dns://:" + port, "");
    return Responses.wire(request, answer(port, request));
  }

  Message answer(int port, Request request) {
    Message query = request.query();
    if (query.getHeader().getFlag(Flags.QR)) return Responses.error(query, Rcode.FORMERR);
    if (query.getHeader().getOpcode() != Opcode.QUERY) return Responses.error(query, Rcode.NOTIMP);
    if (query.getQuestion() == null) return Responses.error(query, Rcode.FORMERR);
    OPTRecord opt = query.getOPT();
    if (opt != null && opt.getVersion() != 0) return Responses.error(query, Rcode.BADVERS);
    Optional<Block> block = route(port, request.name());
    if (block.isEmpty()) return Responses.error(query, Rcode.REFUSED);
    Request routed = new Request(query, request.protocol(), request.client(), block.get().server(),
        Zones.match(block.get().zones(), request.name()).orElse("."), request.maxSize());
    Reply reply;
    try {
      reply = block.get().chain().serve(routed);
    } catch (RuntimeException e) {
      // CoreDNS recovers a plugin's panic as SERVFAIL and counts it
      services.metrics().panics.inc();
      services.log().accept("[ERROR] Recovered from panic in server: \"" + routed.server() + "\" " + e);
      reply = Reply.Failure.of(Rcode.SERVFAIL, "", e.toString());
    }
    return Responses.of(routed, reply);
  }

  private Optional<Block> route(int port, String name) {
    Block best = null;
    int bestLength = -1;
    for (Block b : byPort.getOrDefault(port, List.of())) {
      Optional<String> z = Zones.match(b.zones(), name);
      if (z.isPresent() && z.get().length() > bestLength) {
        best = b;
        bestLength = z.get().length();
      }
    }
    return Optional.ofNullable(best);
  }

  /** A query sent through the server from the top, in process (ExternalName targets, loop's probe). */
  private Message lookup(Message query) {
    String name = query.getQuestion().getName().toString().toLowerCase(java.util.Locale.ROOT);
    for (int port : byPort.keySet()) {
      if (route(port, name).isPresent()) {
        Request r = Request.of(query, "udp", new InetSocketAddress("127.0.0.1", 0), "dns://:" + port, "");
        return answer(port, new Request(query, "udp", r.client(), r.server(), "", 65535));
      }
    }
    return null;
  }

  private static byte[] formatError(byte[] wire) {
    if (wire.length < 12) return new byte[0];
    Message m = new Message(((wire[0] & 0xff) << 8) | (wire[1] & 0xff));
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setRcode(Rcode.FORMERR);
    return m.toWire();
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        // closing the rest matters more
      }
    }
  }
}
