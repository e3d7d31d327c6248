package dev.netkube.dns.plugin.rewrite;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code rewrite [continue|stop] FIELD [TYPE] FROM TO [answer ...]}: parsed and checked; not yet served. */
public final class RewriteSetup implements Plugin<RewriteSetup.Config> {
  public record Rule(String mode, String field, List<String> args) {}

  public record Config(List<Rule> rules) {}

  private static final Set<String> FIELDS = Set.of("name", "class", "type", "edns0", "ttl", "cname", "rcode");
  private static final Set<String> NAME_TYPES = Set.of("exact", "prefix", "suffix", "substring", "regex");

  @Override public String name() { return "rewrite"; }

  @Override public boolean served() { return false; }

  @Override
  public Config parse(Dispenser c, List<String> zones) throws CorefileException {
    List<Rule> rules = new ArrayList<>();
    while (c.next()) {
      List<String> args = new ArrayList<>(c.remainingArgs());
      if (args.isEmpty()) throw CorefileException.plugin("rewrite", c.argErr().getMessage());
      String mode = "stop";
      if (args.get(0).equals("continue") || args.get(0).equals("stop")) mode = args.remove(0);
      if (args.isEmpty()) throw CorefileException.plugin("rewrite", c.argErr().getMessage());
      String field = args.remove(0);
      if (!FIELDS.contains(field)) throw CorefileException.plugin("rewrite", "invalid field type \"" + field + "\"");
      if (field.equals("name") && !args.isEmpty() && NAME_TYPES.contains(args.get(0))) {
        if (args.size() < 3) throw CorefileException.plugin("rewrite", "too few arguments for name rule");
      } else if (args.size() < 2) {
        throw CorefileException.plugin("rewrite", "too few (" + args.size() + ") arguments for a " + field + " rule");
      }
      rules.add(new Rule(mode, field, args));
    }
    return new Config(rules);
  }

  @Override public Handler start(Config config, PluginContext context) { return Handler.PASS; }
}
