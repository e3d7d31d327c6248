package dev.netkube.dns.plugin.ready;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import java.util.List;

/** {@code ready [ADDRESS]}: {@code /ready} 200 once every plugin that reports readiness is ready, else 503 naming them. */
public final class ReadySetup implements Plugin<ReadySetup.Config> {
  public record Config(String address) {}

  @Override public String name() { return "ready"; }

  @Override
  public Config parse(Dispenser c, List<String> zones) throws CorefileException {
    Config config = null;
    while (c.next()) {
      List<String> args = c.remainingArgs();
      if (args.size() > 1) throw CorefileException.plugin("ready", c.argErr().getMessage());
      if (c.nextBlock()) throw CorefileException.plugin("ready", c.argErr().getMessage());
      config = new Config(args.isEmpty() ? ":8181" : args.get(0));
    }
    return config;
  }

  @Override public Handler start(Config config, PluginContext context) { return Handler.PASS; }
}
