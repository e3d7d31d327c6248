package dev.netkube.dns.plugin.prometheus;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.metrics.DnsMetrics;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.Reply;
import dev.netkube.dns.plugin.Zones;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * {@code prometheus [ADDRESS]} (default localhost:9153): counts each query of its server block under CoreDNS's
 * names (coredns_dns_requests_total, ..._responses_total, ..._request_duration_seconds, sizes).
 */
public final class PrometheusSetup implements Plugin<PrometheusSetup.Config> {
  public record Config(String address) {}

  /** CoreDNS labels these types by name, anything else as "other". */
  private static final Set<Integer> MONITORED = Set.of(Type.A, Type.AAAA, Type.NS, Type.PTR, Type.SOA, Type.CNAME,
      Type.MX, Type.TXT, Type.SRV, Type.NAPTR, Type.DS, Type.DNSKEY, Type.RRSIG, Type.NSEC, Type.NSEC3, Type.HINFO,
      Type.TLSA, Type.IXFR, Type.AXFR, Type.ANY, Type.HTTPS, Type.SVCB);

  @Override public String name() { return "prometheus"; }

  @Override
  public Config parse(Dispenser c, List<String> zones) throws CorefileException {
    Config config = null;
    while (c.next()) {
      List<String> args = c.remainingArgs();
      if (args.size() > 1) throw CorefileException.plugin("prometheus", c.argErr().getMessage());
      if (c.nextBlock()) throw CorefileException.plugin("prometheus", c.argErr().getMessage());
      config = new Config(args.isEmpty() ? "localhost:9153" : args.get(0));
    }
    return config;
  }

  @Override
  public Handler start(Config config, PluginContext context) {
    DnsMetrics m = context.metrics();
    String server = context.server();
    List<String> zones = context.zones();
    for (String z : zones) for (String p : context.pluginNames()) m.pluginEnabled.set(() -> 1, server, z, "", p);
    return (request, next) -> {
      long start = System.nanoTime();
      Reply reply = next.serve(request);
      String zone = Zones.match(zones, request.name()).orElse(".");
      String type = MONITORED.contains(request.qtype()) ? Type.string(request.qtype()) : "other";
      String family = request.client().getAddress().getAddress().length == 4 ? "1" : "2";
      m.requests.inc(server, zone, "", request.protocol(), family, type);
      m.requestDuration.observe((System.nanoTime() - start) / 1e9, server, zone, "", type);
      m.requestSize.observe(request.query().numBytes(), server, zone, "", request.protocol());
      int rcode;
      String plugin;
      if (reply instanceof Reply.Answer a) {
        rcode = a.message().getRcode();
        plugin = a.plugin();
        m.responseSize.observe(a.message().numBytes(), server, zone, "", request.protocol());
      } else {
        rcode = ((Reply.Failure) reply).rcode();
        plugin = "";
      }
      m.responses.inc(server, zone, "", Rcode.string(rcode), plugin);
      return reply;
    };
  }
}
