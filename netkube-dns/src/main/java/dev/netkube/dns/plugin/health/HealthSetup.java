package dev.netkube.dns.plugin.health;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.GoDuration;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import java.time.Duration;
import java.util.List;

/**
 * {@code health [ADDRESS] { lameduck DURATION }}: {@code /health} answers 200 "OK" on ADDRESS (default :8080);
 * lameduck keeps it up that long after shutdown began. The server owns the listener; this is its config.
 */
public final class HealthSetup implements Plugin<HealthSetup.Config> {
  public record Config(String address, Duration lameduck) {}

  @Override public String name() { return "health"; }

  @Override
  public Config parse(Dispenser c, List<String> zones) throws CorefileException {
    Config config = null;
    while (c.next()) {
      List<String> args = c.remainingArgs();
      if (args.size() > 1) throw CorefileException.plugin("health", c.argErr().getMessage());
      String address = args.isEmpty() ? ":8080" : args.get(0);
      Duration lameduck = Duration.ZERO;
      while (c.nextBlock()) {
        if (!c.val().equals("lameduck")) throw CorefileException.plugin("health", c.argErr().getMessage());
        List<String> a = c.remainingArgs();
        if (a.size() != 1) throw CorefileException.plugin("health", c.argErr().getMessage());
        try {
          lameduck = GoDuration.parse(a.get(0));
        } catch (IllegalArgumentException e) {
          throw CorefileException.plugin("health",
              c.errf("unable to parse lameduck duration value: '%s' : %s", a.get(0), e.getMessage()).getMessage());
        }
      }
      config = new Config(address, lameduck);
    }
    return config;
  }

  @Override public Handler start(Config config, PluginContext context) { return Handler.PASS; }
}
