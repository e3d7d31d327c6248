package dev.netkube.dns.plugin.template;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.Fallthrough;
import dev.netkube.dns.plugin.GoRegex;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.Rcodes;
import dev.netkube.dns.plugin.Zones;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/**
 * {@code template CLASS TYPE [ZONE...] { match REGEX...; answer RR; additional RR; authority RR; rcode CODE;
 * fallthrough [ZONE...] }}, CoreDNS's parse and words; the records' Go templates compiled here, so a template netkube
 * cannot execute fails the load. {@code ederror} is refused (netkube's server sends no EDNS0 options of plugins).
 */
public final class TemplateSetup implements Plugin<TemplateSetup.Config> {
  public static final String NAME = "template";

  /** The templates in the Corefile's order: the order queries try them in. */
  public record Config(List<Template> templates) {
    public Config {
      templates = List.copyOf(templates);
    }
  }

  /** miekg/dns's StringToClass. */
  private static final Map<String, Integer> CLASSES = Map.of("IN", DClass.IN, "CS", 2, "CH", DClass.CH, "HS", DClass.HS,
      "NONE", DClass.NONE, "ANY", DClass.ANY);

  @Override public String name() { return NAME; }

  @Override
  public Config parse(Dispenser c, List<String> blockZones) throws CorefileException {
    List<Template> out = new ArrayList<>();
    while (c.next()) {
      if (!c.nextArg()) throw plugin(c.argErr());
      Integer qclass = CLASSES.get(c.val());
      if (qclass == null) throw plugin(c.errf("invalid query class %s", c.val()));
      if (!c.nextArg()) throw plugin(c.argErr());
      int qtype = type(c.val());
      if (qtype < 0) throw plugin(c.errf("invalid RR class %s", c.val()));
      List<String> zones = Zones.fromArgsOrBlock(c.remainingArgs(), blockZones);
      List<Pattern> match = new ArrayList<>();
      List<GoTemplate> answer = new ArrayList<>();
      List<GoTemplate> additional = new ArrayList<>();
      List<GoTemplate> authority = new ArrayList<>();
      int rcode = 0;
      Fallthrough fall = Fallthrough.OFF;
      while (c.nextBlock()) {
        String v = c.val();
        switch (v) {
          case "match" -> {
            List<String> a = c.remainingArgs();
            if (a.isEmpty()) throw plugin(c.argErr());
            for (String regex : a) {
              try {
                match.add(GoRegex.compile(regex));
              } catch (PatternSyntaxException e) {
                throw plugin(c.errf("could not parse regex: %s, %s", regex, e.getDescription()));
              }
            }
          }
          case "answer" -> templates(c, answer);
          case "additional" -> templates(c, additional);
          case "authority" -> templates(c, authority);
          case "rcode" -> {
            if (!c.nextArg()) throw plugin(c.argErr());
            String word = c.val();
            rcode = Rcodes.byName(word).orElseThrow(() -> plugin(c.errf("unknown rcode %s", word)));
          }
          case "ederror" -> throw plugin(c.err("ederror is not supported by netkube: its server sends no EDNS0 options of plugins"));
          case "fallthrough" -> fall = Fallthrough.of(c.remainingArgs());
          case "upstream" -> c.remainingArgs(); // CoreDNS ignores it ("remove soon")
          default -> throw plugin(c.argErr());
        }
      }
      out.add(new Template(qclass, qtype, zones, match, answer, additional, authority, rcode, fall));
    }
    return new Config(out);
  }

  /** miekg/dns's StringToType: upper-case mnemonics (ANY among them), not dnsjava's TYPE123 forms. */
  private static int type(String word) {
    if (!word.equals(word.toUpperCase(java.util.Locale.ROOT)) || word.startsWith("TYPE")) return -1;
    return Type.value(word);
  }

  private static void templates(Dispenser c, List<GoTemplate> into) throws CorefileException {
    List<String> a = c.remainingArgs();
    if (a.isEmpty()) throw plugin(c.argErr());
    for (String text : a) {
      try {
        into.add(GoTemplate.compile(text));
      } catch (GoTemplate.CompileException e) {
        throw plugin(c.errf("could not compile template: %s, %s", c.val(), e.getMessage()));
      }
    }
  }

  private static CorefileException plugin(CorefileException e) { return CorefileException.plugin(NAME, e.getMessage()); }

  @Override public Handler start(Config config, PluginContext context) { return new TemplateHandler(config.templates(), context.lookup()); }
}
