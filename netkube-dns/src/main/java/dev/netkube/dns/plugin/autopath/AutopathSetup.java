package dev.netkube.dns.plugin.autopath;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.Zones;
import java.util.List;

/** {@code autopath [ZONE...] RESOLV-CONF|@kubernetes}: parsed and checked; not yet served. */
public final class AutopathSetup implements Plugin<AutopathSetup.Config> {
  public record Config(List<String> zones, String source) {}

  @Override public String name() { return "autopath"; }

  @Override public boolean served() { return false; }

  @Override
  public Config parse(Dispenser c, List<String> blockZones) throws CorefileException {
    Config config = null;
    while (c.next()) {
      if (config != null) throw CorefileException.plugin("autopath", "this plugin can only be used once per Server Block");
      List<String> args = c.remainingArgs();
      if (args.isEmpty()) throw CorefileException.plugin("autopath", c.argErr().getMessage());
      String source = args.get(args.size() - 1);
      if (source.startsWith("@") && !source.equals("@kubernetes")) {
        throw CorefileException.plugin("autopath", "unknown plugin: " + source.substring(1));
      }
      config = new Config(Zones.fromArgsOrBlock(args.subList(0, args.size() - 1), blockZones), source);
    }
    return config;
  }

  @Override public Handler start(Config config, PluginContext context) { return Handler.PASS; }
}
