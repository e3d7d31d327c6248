package dev.netkube.dns.plugin;

import dev.netkube.dns.metrics.DnsMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.xbill.DNS.Message;

/**
 * What a plugin's start step may use, shared by one loaded Corefile: the metrics, the process's log output, the
 * readiness registry, the server block it starts in, a way to send a query through the server from the top
 * (CoreDNS's upstream lookups), and the things to close when this Corefile is replaced.
 */
public final class PluginContext {
  /** Resolves a query through the whole server, as a client would (ExternalName targets, loop's probe). */
  @FunctionalInterface
  public interface Lookup {
    Message resolve(Message query);
  }

  /** A plugin that is ready or not (ready plugin: 503 listing those that are not). */
  public record Readiness(String plugin, BooleanSupplier ready) {}

  private final DnsMetrics metrics;
  private final Consumer<String> log;
  private final Clock clock;
  private final Lookup lookup;
  private final Services services;
  private final List<Readiness> readiness;
  private final List<AutoCloseable> closeables;
  private final String server;
  private final List<String> zones;
  private final List<String> pluginNames;
  private final Map<String, Object> provided;

  /** Process-wide parts a plugin may need; absent ones (tests) are null-free defaults. */
  public interface Services {
    /** The kubernetes plugin's connection (informers, or a test's in-memory cluster). */
    dev.netkube.dns.plugin.kubernetes.ClusterSource clusterSource(dev.netkube.dns.plugin.kubernetes.KubernetesConfig config);

    /** Called by loop when it detects a forwarding loop: CoreDNS exits the process. */
    default void halt(String reason) {}
  }

  public PluginContext(DnsMetrics metrics, Consumer<String> log, Clock clock, Lookup lookup, Services services,
                       List<Readiness> readiness, List<AutoCloseable> closeables, String server, List<String> zones,
                       List<String> pluginNames) {
    this(metrics, log, clock, lookup, services, readiness, closeables, server, zones, pluginNames, new ConcurrentHashMap<>());
  }

  private PluginContext(DnsMetrics metrics, Consumer<String> log, Clock clock, Lookup lookup, Services services,
                        List<Readiness> readiness, List<AutoCloseable> closeables, String server, List<String> zones,
                        List<String> pluginNames, Map<String, Object> provided) {
    this.provided = provided;
    this.metrics = metrics;
    this.log = log;
    this.clock = clock;
    this.lookup = lookup;
    this.services = services;
    this.readiness = readiness;
    this.closeables = closeables;
    this.server = server;
    this.zones = List.copyOf(zones);
    this.pluginNames = List.copyOf(pluginNames);
  }

  public DnsMetrics metrics() { return metrics; }

  /** A line for the process's standard output, as CoreDNS's log and errors plugins write. */
  public void log(String line) { log.accept(line); }

  public Clock clock() { return clock; }

  public Lookup lookup() { return lookup; }

  public Services services() { return services; }

  public void ready(String plugin, BooleanSupplier ready) { readiness.add(new Readiness(plugin, ready)); }

  public void closeOnReload(AutoCloseable c) { closeables.add(c); }

  /** The listener this block serves, {@code dns://:53}. */
  public String server() { return server; }

  public List<String> zones() { return zones; }

  /** The plugins of this block (coredns_plugin_enabled). */
  public List<String> pluginNames() { return pluginNames; }

  /** A fresh context per server block: what its plugins {@link #provide} stays inside the block. */
  public PluginContext forBlock(String newServer, List<String> newZones, List<String> names) {
    return new PluginContext(metrics, log, clock, lookup, services, readiness, closeables, newServer, newZones, names,
        new ConcurrentHashMap<>());
  }

  /**
   * Offers something of a started plugin to the other plugins of its block (kubernetes' search path for autopath):
   * CoreDNS's {@code dnsserver.GetConfig(c).Handler(name)}.
   */
  public void provide(String plugin, Object service) { provided.put(plugin, service); }

  /**
   * What {@code plugin} of this block provided, looked up when called: plugins start in plugin.cfg's order, so one
   * that starts earlier (autopath) asks at query time for what a later one (kubernetes) provides.
   */
  public <T> Supplier<Optional<T>> provided(String plugin, Class<T> type) {
    return () -> Optional.ofNullable(provided.get(plugin)).filter(type::isInstance).map(type::cast);
  }

  public static List<Readiness> newReadinessList() { return new java.util.concurrent.CopyOnWriteArrayList<>(); }

  public static List<AutoCloseable> newCloseables() { return new ArrayList<>(); }
}
