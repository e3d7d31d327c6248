package dev.netkube.dns.plugin.cache;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.GoDuration;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.Zones;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code cache [TTL] [ZONES...] { success|denial CAPACITY [TTL] [MINTTL]; servfail DURATION; disable; keepttl }}. */
public final class CacheSetup implements Plugin<CacheConfig> {
  private static final String NAME = "cache";

  @Override public String name() { return NAME; }

  @Override
  public CacheConfig parse(Dispenser c, List<String> blockZones) throws CorefileException {
    CacheConfig config = null;
    while (c.next()) {
      if (config != null) throw CorefileException.plugin(NAME, "this plugin can only be used once per Server Block");
      List<String> args = new ArrayList<>(c.remainingArgs());
      int successTtl = 3600;
      int denialTtl = 1800;
      int successMin = 5;
      int denialMin = 5;
      if (!args.isEmpty() && isInt(args.get(0))) {
        int ttl = Integer.parseInt(args.remove(0));
        if (ttl <= 0) throw CorefileException.plugin(NAME, "cache TTL can not be zero or negative: " + ttl);
        successTtl = ttl;
        denialTtl = ttl;
      }
      List<String> zones = Zones.fromArgsOrBlock(args, blockZones);
      int successCap = CacheConfig.DEFAULT_CAPACITY;
      int denialCap = CacheConfig.DEFAULT_CAPACITY;
      Duration servfail = Duration.ofSeconds(5);
      boolean disableSuccess = false;
      boolean disableDenial = false;
      boolean keepTtl = false;
      while (c.nextBlock()) {
        String property = c.val();
        List<String> a = c.remainingArgs();
        switch (property) {
          case "success", "denial" -> {
            if (a.isEmpty() || a.size() > 3) throw plugin(c.argErr());
            int cap = atoi(a.get(0));
            if (cap <= 0) throw CorefileException.plugin(NAME, "cache capacity can not be zero or negative: " + cap);
            int ttl = property.equals("success") ? successTtl : denialTtl;
            int min = property.equals("success") ? successMin : denialMin;
            if (a.size() > 1) {
              ttl = atoi(a.get(1));
              if (ttl <= 0) throw CorefileException.plugin(NAME, "cache TTL can not be zero or negative: " + ttl);
            }
            if (a.size() > 2) {
              min = atoi(a.get(2));
              if (min < 0) throw CorefileException.plugin(NAME, "cache min TTL can not be negative: " + min);
            }
            if (property.equals("success")) {
              successCap = cap;
              successTtl = ttl;
              successMin = min;
            } else {
              denialCap = cap;
              denialTtl = ttl;
              denialMin = min;
            }
          }
          case "servfail" -> {
            if (a.size() != 1) throw plugin(c.argErr());
            try {
              servfail = GoDuration.parse(a.get(0));
            } catch (IllegalArgumentException e) {
              throw CorefileException.plugin(NAME, e.getMessage());
            }
            if (servfail.isNegative()) throw CorefileException.plugin(NAME, "invalid negative duration for servfail");
            if (servfail.compareTo(Duration.ofMinutes(5)) > 0) {
              throw CorefileException.plugin(NAME, "caching SERVFAIL responses over 5 minutes is not permitted");
            }
          }
          case "disable" -> {
            if (a.isEmpty()) throw plugin(c.argErr());
            switch (a.get(0)) {
              case "success" -> disableSuccess = true;
              case "denial" -> disableDenial = true;
              default -> throw CorefileException.plugin(NAME, "cache type for disable must be \"success\" or \"denial\"");
            }
          }
          case "keepttl" -> {
            if (!a.isEmpty()) throw plugin(c.argErr());
            keepTtl = true;
          }
          case "prefetch", "serve_stale" -> throw plugin(c.errf("%s is not yet supported by netkube", property));
          default -> throw plugin(c.argErr());
        }
      }
      config = new CacheConfig(zones, successCap, successTtl, successMin, denialCap, denialTtl, denialMin, servfail,
          disableSuccess, disableDenial, keepTtl);
    }
    return config;
  }

  private static boolean isInt(String s) { return s.matches("-?\\d+"); }

  private static int atoi(String s) throws CorefileException {
    if (!isInt(s)) throw CorefileException.plugin(NAME, "strconv.Atoi: parsing \"" + s + "\": invalid syntax");
    return Integer.parseInt(s);
  }

  private static CorefileException plugin(CorefileException e) { return CorefileException.plugin(NAME, e.getMessage()); }

  @Override
  public Handler start(CacheConfig config, PluginContext context) {
    return new CacheHandler(config, context.metrics(), context.clock(), context.server());
  }
}
