package dev.netkube.dns.server;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.CorefileParser;
import dev.netkube.dns.corefile.Directive;
import dev.netkube.dns.corefile.ImportSource;
import dev.netkube.dns.corefile.ServerBlock;
import dev.netkube.dns.corefile.ZoneAddress;
import dev.netkube.dns.plugin.ParsedPlugin;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginOrder;
import dev.netkube.dns.plugin.PluginRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Text → validated configuration, without I/O beyond imports: the parse, the keys normalised (each zone:port once
 * in the file), each directive through its plugin's parse step, the plugins sorted into plugin.cfg's order.
 */
public final class CorefileLoader {
  private final PluginRegistry registry;
  private final Function<String, String> env;
  private final ImportSource imports;
  private final int defaultPort;

  public CorefileLoader(PluginRegistry registry, Function<String, String> env, ImportSource imports, int defaultPort) {
    this.registry = registry;
    this.env = env;
    this.imports = imports;
    this.defaultPort = defaultPort;
  }

  public LoadedCorefile load(String file, String text) throws CorefileException {
    List<ServerBlock> blocks = CorefileParser.parse(file, text, Set.copyOf(PluginOrder.DIRECTIVES), env, imports);
    List<ServerBlockConfig> out = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Set<String> defined = new HashSet<>();
    for (ServerBlock b : blocks) {
      List<ZoneAddress> addresses = new ArrayList<>();
      for (String key : b.keys()) {
        for (ZoneAddress za : ZoneAddress.parse(key, defaultPort)) {
          if (!defined.add(za.toString())) throw new CorefileException("cannot serve " + za + " - it is already defined");
          addresses.add(za);
        }
      }
      if (addresses.stream().map(ZoneAddress::port).distinct().count() > 1) {
        // CoreDNS allows it (a listener per port sharing the plugins); netkube's blocks serve one port each
        throw new CorefileException("netkube: the keys of one server block must share a port: " + b.keys());
      }
      List<String> zones = addresses.stream().map(ZoneAddress::zone).distinct().toList();
      List<ParsedPlugin<?>> plugins = new ArrayList<>();
      for (Directive d : b.directives()) {
        Plugin<?> plugin = registry.get(d.name()).orElseThrow(() -> CorefileException.at(d.tokens().get(0).file(), d.line(),
            "plugin/" + d.name() + ": this CoreDNS plugin is not part of netkube"));
        plugins.add(parsed(plugin, d, file, zones));
        if (!plugin.served()) {
          warnings.add("[WARNING] plugin/" + d.name() + ": parsed but not yet served by netkube: queries pass it unchanged ("
              + d.tokens().get(0).file() + ":" + d.line() + ")");
        }
      }
      plugins.sort(Comparator.comparingInt(p -> PluginOrder.rank(p.name())));
      out.add(new ServerBlockConfig(addresses, plugins));
    }
    return new LoadedCorefile(out, warnings, text);
  }

  private static <C> ParsedPlugin<C> parsed(Plugin<C> plugin, Directive d, String file, List<String> zones)
      throws CorefileException {
    return new ParsedPlugin<>(plugin, plugin.parse(d.dispenser(file), zones), d.line());
  }
}
