package dev.netkube.dns.plugin.hosts;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.Fallthrough;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.Zones;
import java.util.ArrayList;
import java.util.List;

/** {@code hosts [FILE [ZONES...]] { INLINE; ttl; no_reverse; reload; fallthrough }}: parsed and checked; not yet served. */
public final class HostsSetup implements Plugin<HostsSetup.Config> {
  public record Config(String file, List<String> zones, List<String> inline, int ttl, boolean noReverse, Fallthrough fallthrough) {}

  @Override public String name() { return "hosts"; }

  @Override public boolean served() { return false; }

  @Override
  public Config parse(Dispenser c, List<String> blockZones) throws CorefileException {
    Config config = null;
    while (c.next()) {
      if (config != null) throw CorefileException.plugin("hosts", "this plugin can only be used once per Server Block");
      List<String> args = c.remainingArgs();
      String file = args.isEmpty() ? "/etc/hosts" : args.get(0);
      List<String> zones = Zones.fromArgsOrBlock(args.size() > 1 ? args.subList(1, args.size()) : List.of(), blockZones);
      List<String> inline = new ArrayList<>();
      int ttl = 3600;
      boolean noReverse = false;
      Fallthrough fall = Fallthrough.OFF;
      while (c.nextBlock()) {
        String v = c.val();
        switch (v) {
          case "fallthrough" -> fall = Fallthrough.of(c.remainingArgs());
          case "no_reverse" -> noReverse = true;
          case "reload" -> {
            if (c.remainingArgs().size() != 1) throw CorefileException.plugin("hosts", c.argErr().getMessage());
          }
          case "ttl" -> {
            List<String> a = c.remainingArgs();
            if (a.size() != 1) throw CorefileException.plugin("hosts", c.argErr().getMessage());
            try {
              ttl = Integer.parseInt(a.get(0));
            } catch (NumberFormatException e) {
              throw CorefileException.plugin("hosts", c.errf("ttl needs a number of second: %s", a.get(0)).getMessage());
            }
            if (ttl <= 0 || ttl > 65535) throw CorefileException.plugin("hosts", c.errf("ttl provided is invalid").getMessage());
          }
          default -> {
            List<String> line = new ArrayList<>(List.of(v));
            line.addAll(c.remainingArgs());
            if (line.size() < 2) throw CorefileException.plugin("hosts", c.errf("unknown property '%s'", v).getMessage());
            inline.add(String.join(" ", line));
          }
        }
      }
      config = new Config(file, zones, inline, ttl, noReverse, fall);
    }
    return config;
  }

  @Override public Handler start(Config config, PluginContext context) { return Handler.PASS; }
}
