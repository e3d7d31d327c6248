package dev.netkube.dns.plugin.hosts;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.Fallthrough;
import dev.netkube.dns.plugin.GoDuration;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.Zones;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code hosts [FILE [ZONES...]] { [INLINE] ttl SECONDS no_reverse reload DURATION fallthrough [ZONES...] }}: CoreDNS's
 * parse (its words; a line it does not know is an inline entry until a {@code fallthrough}, then an unknown
 * property) and a handler over the inline entries and the file, re-read every {@code reload} when it changed.
 */
public final class HostsSetup implements Plugin<HostsSetup.Config> {
  public static final String NAME = "hosts";

  /** Defaults as CoreDNS: /etc/hosts, ttl 3600, reverse entries on, reload every 5 s (0: read once). */
  public record Config(String file, List<String> zones, List<String> inline, int ttl, boolean noReverse,
                       Duration reload, Fallthrough fallthrough) {
    public Config {
      zones = List.copyOf(zones);
      inline = List.copyOf(inline);
    }
  }

  @Override public String name() { return NAME; }

  @Override
  public Config parse(Dispenser c, List<String> blockZones) throws CorefileException {
    Config config = null;
    while (c.next()) {
      if (config != null) throw CorefileException.plugin(NAME, "this plugin can only be used once per Server Block");
      List<String> args = c.remainingArgs();
      String file = args.isEmpty() ? "/etc/hosts" : args.get(0);
      List<String> zones = Zones.fromArgsOrBlock(args.size() > 1 ? args.subList(1, args.size()) : List.of(), blockZones);
      List<String> inline = new ArrayList<>();
      int ttl = 3600;
      boolean noReverse = false;
      Duration reload = Duration.ofSeconds(5);
      Fallthrough fall = Fallthrough.OFF;
      while (c.nextBlock()) {
        String v = c.val();
        switch (v) {
          case "fallthrough" -> fall = Fallthrough.of(c.remainingArgs());
          case "no_reverse" -> noReverse = true;
          case "ttl" -> ttl = ttl(c);
          case "reload" -> reload = reload(c);
          default -> {
            // CoreDNS: until a fallthrough is seen, anything else is a line of the inlined hosts file
            if (fall.enabled()) throw plugin(c.errf("unknown property '%s'", v));
            List<String> line = new ArrayList<>(List.of(v));
            line.addAll(c.remainingArgs());
            inline.add(String.join(" ", line));
          }
        }
      }
      config = new Config(file, zones, inline, ttl, noReverse, reload, fall);
    }
    return config;
  }

  private static int ttl(Dispenser c) throws CorefileException {
    List<String> a = c.remainingArgs();
    if (a.isEmpty()) throw plugin(c.err("ttl needs a time in second"));
    int ttl;
    try {
      ttl = Integer.parseInt(a.get(0));
    } catch (NumberFormatException e) {
      throw plugin(c.err("ttl needs a number of second"));
    }
    if (ttl <= 0 || ttl > 65535) throw plugin(c.err("ttl provided is invalid"));
    return ttl;
  }

  private static Duration reload(Dispenser c) throws CorefileException {
    List<String> a = c.remainingArgs();
    if (a.size() != 1) throw plugin(c.err("reload needs a duration (zero seconds to disable)"));
    Duration d;
    try {
      d = GoDuration.parse(a.get(0));
    } catch (IllegalArgumentException e) {
      throw plugin(c.errf("invalid duration for reload '%s'", a.get(0)));
    }
    if (d.isNegative()) throw plugin(c.errf("invalid negative duration for reload '%s'", a.get(0)));
    return d;
  }

  private static CorefileException plugin(CorefileException e) { return CorefileException.plugin(NAME, e.getMessage()); }

  @Override
  public Handler start(Config config, PluginContext context) throws CorefileException {
    Path path = Path.of(config.file());
    if (!Files.exists(path)) {
      context.log("[WARNING] plugin/hosts: File does not exist: " + config.file());
    } else if (Files.isDirectory(path)) {
      context.log("[WARNING] plugin/hosts: Hosts file \"" + config.file() + "\" is a directory");
    } else if (!Files.isReadable(path)) {
      throw CorefileException.plugin(NAME, "unable to access hosts file '" + config.file() + "': permission denied");
    }
    HostsFile hosts = new HostsFile(path, config.zones(), !config.noReverse(), config.inline());
    hosts.refresh();
    if (!config.reload().isZero()) {
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hosts-reload");
        t.setDaemon(true);
        return t;
      });
      long period = Math.max(1, config.reload().toMillis());
      timer.scheduleWithFixedDelay(hosts::refresh, period, period, TimeUnit.MILLISECONDS);
      context.closeOnReload(timer::shutdownNow);
    }
    return new HostsHandler(hosts, config.zones(), config.ttl(), config.fallthrough());
  }
}
