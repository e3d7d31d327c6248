package dev.netkube.dns.plugin;

import dev.netkube.dns.plugin.autopath.AutopathSetup;
import dev.netkube.dns.plugin.cache.CacheSetup;
import dev.netkube.dns.plugin.errors.ErrorsSetup;
import dev.netkube.dns.plugin.forward.ForwardSetup;
import dev.netkube.dns.plugin.health.HealthSetup;
import dev.netkube.dns.plugin.hosts.HostsSetup;
import dev.netkube.dns.plugin.kubernetes.KubernetesSetup;
import dev.netkube.dns.plugin.loadbalance.LoadbalanceSetup;
import dev.netkube.dns.plugin.log.LogSetup;
import dev.netkube.dns.plugin.loop.LoopSetup;
import dev.netkube.dns.plugin.prometheus.PrometheusSetup;
import dev.netkube.dns.plugin.ready.ReadySetup;
import dev.netkube.dns.plugin.reload.ReloadSetup;
import dev.netkube.dns.plugin.rewrite.RewriteSetup;
import dev.netkube.dns.plugin.template.TemplateSetup;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The plugins netkube has, by directive name. */
public final class PluginRegistry {
  private final Map<String, Plugin<?>> plugins = new HashMap<>();

  public PluginRegistry(List<Plugin<?>> list) {
    for (Plugin<?> p : list) {
      if (PluginOrder.rank(p.name()) < 0) throw new IllegalArgumentException("not a CoreDNS directive: " + p.name());
      plugins.put(p.name(), p);
    }
  }

  public static PluginRegistry standard() { return withForward(new ForwardSetup()); }

  /** The standard set with forward's files resolved elsewhere (tests). */
  public static PluginRegistry withForward(ForwardSetup forward) {
    return new PluginRegistry(List.of(new ErrorsSetup(), new LogSetup(), new HealthSetup(), new ReadySetup(),
        new PrometheusSetup(), new KubernetesSetup(), forward, new CacheSetup(), new LoopSetup(), new ReloadSetup(),
        new LoadbalanceSetup(), new RewriteSetup(), new HostsSetup(), new TemplateSetup(), new AutopathSetup()));
  }

  public Optional<Plugin<?>> get(String name) { return Optional.ofNullable(plugins.get(name)); }
}
