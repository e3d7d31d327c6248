package dev.netkube.dns.plugin;

/** A plugin with its validated config: what a Corefile's directive became. */
public record ParsedPlugin<C>(Plugin<C> plugin, C config, int line) {
  public String name() { return plugin.name(); }

  public Handler start(PluginContext context) throws Exception { return plugin.start(config, context); }
}
