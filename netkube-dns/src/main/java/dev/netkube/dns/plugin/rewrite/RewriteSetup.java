package dev.netkube.dns.plugin.rewrite;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rewrite [continue|stop] FIELD [TYPE] [(FROM TO)|TTL] [OPTIONS]}, one rule per directive, or a rule's words
 * in a block ({@code rewrite stop { name regex A B \n answer name C D }}). Fields: name (exact, prefix, suffix,
 * substring, regex; answer auto/name/value), type, class, ttl, rcode. edns0 and cname are refused at load.
 */
public final class RewriteSetup implements Plugin<RewriteSetup.Config> {
  public static final String NAME = "rewrite";

  /** The rules in the Corefile's order (the order they are tried in). */
  public record Config(List<Rule> rules) {
    public Config {
      rules = List.copyOf(rules);
    }
  }

  @Override public String name() { return NAME; }

  @Override
  public Config parse(Dispenser c, List<String> zones) throws CorefileException {
    List<Rule> rules = new ArrayList<>();
    while (c.next()) {
      List<String> args = new ArrayList<>(c.remainingArgs());
      if (args.size() < 2) {
        // a rule written in a block: its words, token by token, as CoreDNS reads them
        while (c.nextBlock()) args.add(c.val());
      }
      try {
        rules.add(Rules.parse(args));
      } catch (Rules.RuleException e) {
        throw CorefileException.plugin(NAME, e.getMessage());
      }
    }
    return new Config(rules);
  }

  @Override public Handler start(Config config, PluginContext context) { return new RewriteHandler(config.rules()); }
}
