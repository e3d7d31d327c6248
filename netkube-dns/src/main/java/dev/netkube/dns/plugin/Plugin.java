package dev.netkube.dns.plugin;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import java.util.List;

/**
 * One CoreDNS plugin: a parse step (its directive's tokens → a validated config record, pure; errors in CoreDNS's
 * words) and a start step (config → handler, with the process's shared parts).
 *
 * @param <C> the plugin's config record
 */
public interface Plugin<C> {
  String name();

  /** Parses every occurrence of the directive in a server block whose zones are {@code zones}. */
  C parse(Dispenser d, List<String> zones) throws CorefileException;

  Handler start(C config, PluginContext context) throws Exception;

  /** False for a plugin whose setup parses but whose handler does not yet act: load warns about it. */
  default boolean served() { return true; }
}
