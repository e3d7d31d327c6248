package dev.netkube.dns.plugin.reload;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.GoDuration;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import java.time.Duration;
import java.util.List;

/**
 * {@code reload [INTERVAL] [JITTER]} (30s, 15s): the Corefile's SHA-512 checked every INTERVAL ± JITTER; a change
 * loads the new Corefile, a broken one is logged and the running one kept. The server does the watching.
 */
public final class ReloadSetup implements Plugin<ReloadSetup.Config> {
  public record Config(Duration interval, Duration jitter) {}

  static final Duration MIN_INTERVAL = Duration.ofSeconds(2);
  static final Duration MIN_JITTER = Duration.ofSeconds(1);

  @Override public String name() { return "reload"; }

  @Override
  public Config parse(Dispenser c, List<String> zones) throws CorefileException {
    Config config = null;
    while (c.next()) {
      List<String> args = c.remainingArgs();
      if (args.size() > 2) throw CorefileException.plugin("reload", c.argErr().getMessage());
      Duration interval = Duration.ofSeconds(30);
      Duration jitter = Duration.ofSeconds(15);
      try {
        if (!args.isEmpty()) interval = GoDuration.parse(args.get(0));
        if (interval.compareTo(MIN_INTERVAL) < 0) {
          throw CorefileException.plugin("reload", "interval value must be greater or equal to " + GoDuration.format(MIN_INTERVAL));
        }
        if (args.size() > 1) jitter = GoDuration.parse(args.get(1));
        if (jitter.compareTo(MIN_JITTER) < 0) {
          throw CorefileException.plugin("reload", "jitter value must be greater or equal to " + GoDuration.format(MIN_JITTER));
        }
      } catch (IllegalArgumentException e) {
        throw CorefileException.plugin("reload", e.getMessage());
      }
      if (jitter.compareTo(interval.dividedBy(2)) > 0) jitter = interval.dividedBy(2);
      if (c.nextBlock()) throw CorefileException.plugin("reload", c.argErr().getMessage());
      config = new Config(interval, jitter);
    }
    return config;
  }

  @Override public Handler start(Config config, PluginContext context) { return Handler.PASS; }
}
