package dev.netkube.dns.plugin.template;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.Zones;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code template CLASS TYPE [ZONE...] { match; answer; additional; authority; rcode; fallthrough }}: parsed; not yet served. */
public final class TemplateSetup implements Plugin<TemplateSetup.Config> {
  public record Template(String qclass, String qtype, List<String> zones, List<Pattern> match, List<String> answer, String rcode) {}

  public record Config(List<Template> templates) {}

  private static final Set<String> RCODES = Set.of("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED");

  @Override public String name() { return "template"; }

  @Override public boolean served() { return false; }

  @Override
  public Config parse(Dispenser c, List<String> blockZones) throws CorefileException {
    List<Template> out = new ArrayList<>();
    while (c.next()) {
      List<String> args = c.remainingArgs();
      if (args.size() < 2) throw CorefileException.plugin("template", c.argErr().getMessage());
      if (org.xbill.DNS.DClass.value(args.get(0)) < 0 && !args.get(0).equals("ANY")) {
        throw CorefileException.plugin("template", c.errf("invalid query class %s", args.get(0)).getMessage());
      }
      if (org.xbill.DNS.Type.value(args.get(1)) < 0 && !args.get(1).equals("ANY")) {
        throw CorefileException.plugin("template", c.errf("invalid RR class %s", args.get(1)).getMessage());
      }
      List<String> zones = Zones.fromArgsOrBlock(args.subList(2, args.size()), blockZones);
      List<Pattern> match = new ArrayList<>();
      List<String> answer = new ArrayList<>();
      String rcode = "NOERROR";
      while (c.nextBlock()) {
        String v = c.val();
        List<String> a = c.remainingArgs();
        switch (v) {
          case "match" -> {
            if (a.isEmpty()) throw CorefileException.plugin("template", c.argErr().getMessage());
            for (String regex : a) {
              try {
                match.add(Pattern.compile(regex));
              } catch (PatternSyntaxException e) {
                throw CorefileException.plugin("template", c.errf("could not parse regex: %s, %s", regex, e.getDescription()).getMessage());
              }
            }
          }
          case "answer", "additional", "authority" -> {
            if (a.isEmpty()) throw CorefileException.plugin("template", c.argErr().getMessage());
            answer.addAll(a);
          }
          case "rcode" -> {
            if (a.size() != 1) throw CorefileException.plugin("template", c.argErr().getMessage());
            if (!RCODES.contains(a.get(0))) throw CorefileException.plugin("template", c.errf("unknown rcode %s", a.get(0)).getMessage());
            rcode = a.get(0);
          }
          case "fallthrough", "upstream" -> { }
          default -> throw CorefileException.plugin("template", c.argErr().getMessage());
        }
      }
      out.add(new Template(args.get(0), args.get(1), zones, match, answer, rcode));
    }
    return new Config(out);
  }

  @Override public Handler start(Config config, PluginContext context) { return Handler.PASS; }
}
