package dev.netkube.dns.plugin.loop;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import java.util.List;

/**
 * {@code loop}: at start, sends {@code HINFO <random>.<random>.<zone>} through its own server; if that query comes
 * back more than twice (forward sent it to an upstream that sent it back), the process halts, as CoreDNS's does.
 */
public final class LoopSetup implements Plugin<LoopSetup.Config> {
  public record Config() {}

  @Override public String name() { return "loop"; }

  @Override
  public Config parse(Dispenser c, List<String> zones) throws CorefileException {
    Config config = null;
    while (c.next()) {
      if (config != null) throw CorefileException.plugin("loop", "this plugin can only be used once per Server Block");
      if (!c.remainingArgs().isEmpty() || c.nextBlock()) throw CorefileException.plugin("loop", c.argErr().getMessage());
      config = new Config();
    }
    return config;
  }

  @Override
  public Handler start(Config config, PluginContext context) {
    LoopDetector detector = new LoopDetector(context.zones().get(0), context);
    context.closeOnReload(detector);
    detector.startProbing();
    return detector;
  }
}
