package dev.netkube.dns.plugin.autopath;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.Zones;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code autopath [ZONE...] RESOLV-CONF|@kubernetes}: the search path from a resolv.conf (read at load, as CoreDNS),
 * or per query from the kubernetes plugin of the same block (the client pod's namespace; needs {@code pods verified},
 * else no autopath, as CoreDNS). {@code @} of another plugin is refused: kubernetes is the only one netkube has that
 * knows search paths.
 */
public final class AutopathSetup implements Plugin<AutopathSetup.Config> {
  public static final String NAME = "autopath";

  /**
   * @param plugin the plugin asked for each query's search path ({@code kubernetes}), or empty
   * @param search the resolv.conf's search domains followed by "" (the name alone), when not from a plugin
   */
  public record Config(List<String> zones, Optional<String> plugin, List<String> search) {
    public Config {
      zones = List.copyOf(zones);
      search = List.copyOf(search);
    }
  }

  private final Function<String, Path> files;

  public AutopathSetup() { this(Path::of); }

  /** With file names resolved elsewhere (tests). */
  public AutopathSetup(Function<String, Path> files) { this.files = files; }

  @Override public String name() { return NAME; }

  @Override
  public Config parse(Dispenser c, List<String> blockZones) throws CorefileException {
    Config config = null;
    while (c.next()) {
      List<String> args = c.remainingArgs();
      if (args.isEmpty()) throw CorefileException.plugin(NAME, "no resolv-conf specified");
      String source = args.get(args.size() - 1);
      List<String> zones = Zones.fromArgsOrBlock(args.subList(0, args.size() - 1), blockZones);
      if (source.startsWith("@")) {
        String plugin = source.substring(1);
        if (!plugin.equals("kubernetes")) {
          throw CorefileException.plugin(NAME, plugin + " does not implement the AutoPather interface (netkube: only @kubernetes does)");
        }
        config = new Config(zones, Optional.of(plugin), List.of());
      } else {
        List<String> search = new ArrayList<>(read(source));
        search.add(""); // the name as asked, last
        config = new Config(zones, Optional.empty(), search);
      }
    }
    return config;
  }

  private List<String> read(String file) throws CorefileException {
    try {
      return SearchDomains.of(Files.readString(files.apply(file)));
    } catch (NoSuchFileException e) {
      throw CorefileException.plugin(NAME, "failed to parse \"" + file + "\": open " + file + ": no such file or directory");
    } catch (IOException e) {
      throw CorefileException.plugin(NAME, "failed to parse \"" + file + "\": " + e.getMessage());
    }
  }

  @Override
  public Handler start(Config config, PluginContext context) {
    if (config.plugin().isEmpty()) {
      Optional<List<String>> fixed = Optional.of(config.search());
      return new AutopathHandler(config.zones(), request -> fixed);
    }
    // kubernetes starts after autopath (plugin.cfg's order): ask for it per query; without it in the block, no autopath
    var pather = context.provided(config.plugin().get(), AutoPather.class);
    return new AutopathHandler(config.zones(), request -> pather.get().flatMap(p -> p.searchPath(request)));
  }
}
