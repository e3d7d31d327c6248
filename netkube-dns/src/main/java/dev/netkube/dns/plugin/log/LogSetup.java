package dev.netkube.dns.plugin.log;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.Reply;
import dev.netkube.dns.plugin.Zones;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * {@code log [NAMES...] [FORMAT] { class all|success|denial|error }}: one line per query in CoreDNS's common log
 * format: {@code [INFO] 10.0.0.1:5353 - 4242 "A IN example.org. udp 29 false 512" NOERROR qr,rd 45 0.0001s}.
 */
public final class LogSetup implements Plugin<LogSetup.Config> {
  /** Names a rule applies to (zones), and the classes of response it logs. */
  public record Rule(List<String> names, Set<String> classes) {}

  public record Config(List<Rule> rules) {}

  private static final Set<String> CLASSES = Set.of("all", "success", "denial", "error");

  @Override public String name() { return "log"; }

  @Override
  public Config parse(Dispenser c, List<String> zones) throws CorefileException {
    List<Rule> rules = new ArrayList<>();
    while (c.next()) {
      List<String> args = c.remainingArgs();
      List<String> names = new ArrayList<>();
      // a last argument with a placeholder is a format; netkube writes the common format only
      if (!args.isEmpty() && args.get(args.size() - 1).contains("{")) {
        if (!args.get(args.size() - 1).equals("{common}")) {
          throw CorefileException.plugin("log", c.err("custom log formats are not yet supported by netkube").getMessage());
        }
        args = args.subList(0, args.size() - 1);
      }
      for (String a : args) names.add(dev.netkube.dns.corefile.ZoneAddress.fqdn(a));
      if (names.isEmpty()) names.add(".");
      Set<String> classes = new java.util.LinkedHashSet<>();
      while (c.nextBlock()) {
        if (!c.val().equals("class")) throw CorefileException.plugin("log", c.errf("unknown property '%s'", c.val()).getMessage());
        List<String> cls = c.remainingArgs();
        if (cls.isEmpty()) throw CorefileException.plugin("log", c.argErr().getMessage());
        for (String k : cls) {
          if (!CLASSES.contains(k)) throw CorefileException.plugin("log", c.errf("invalid class '%s'", k).getMessage());
          classes.add(k);
        }
      }
      if (classes.isEmpty()) classes.add("all");
      rules.add(new Rule(names, classes));
    }
    return new Config(rules);
  }

  @Override
  public Handler start(Config config, PluginContext context) {
    return (request, next) -> {
      Instant start = context.clock().instant();
      Reply reply = next.serve(request);
      for (Rule rule : config.rules()) {
        if (Zones.match(rule.names(), request.name()).isEmpty()) continue;
        int rcode = reply instanceof Reply.Answer a ? a.message().getRcode() : ((Reply.Failure) reply).rcode();
        if (!logs(rule.classes(), rcode)) break;
        Message m = reply instanceof Reply.Answer a ? a.message() : null;
        Duration took = Duration.between(start, context.clock().instant());
        context.log(String.format("[INFO] %s:%d - %d \"%s IN %s %s %d %b %d\" %s %s %d %.9fs",
            request.client().getAddress().getHostAddress(), request.client().getPort(), request.query().getHeader().getID(),
            Type.string(request.qtype()), request.qname(), request.protocol(), request.query().numBytes(),
            request.query().getOPT() != null && (request.query().getOPT().getFlags() & 0x8000) != 0, request.maxSize(),
            Rcode.string(rcode), m == null ? "-" : flags(m), m == null ? 0 : m.toWire().length, took.toNanos() / 1e9));
        break;
      }
      return reply;
    };
  }

  private static boolean logs(Set<String> classes, int rcode) {
    if (classes.contains("all")) return true;
    if (classes.contains("success") && rcode == Rcode.NOERROR) return true;
    if (classes.contains("denial") && rcode == Rcode.NXDOMAIN) return true;
    return classes.contains("error") && rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN;
  }

  private static String flags(Message m) {
    List<String> f = new ArrayList<>();
    if (m.getHeader().getFlag(Flags.QR)) f.add("qr");
    if (m.getHeader().getFlag(Flags.AA)) f.add("aa");
    if (m.getHeader().getFlag(Flags.TC)) f.add("tc");
    if (m.getHeader().getFlag(Flags.RD)) f.add("rd");
    if (m.getHeader().getFlag(Flags.RA)) f.add("ra");
    return String.join(",", f);
  }
}
