package dev.netkube.dns.server;

import dev.netkube.dns.metrics.DnsMetrics;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.kubernetes.ClusterSource;
import dev.netkube.dns.plugin.kubernetes.KubernetesConfig;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Function;

/** What outlives a reload: metrics, log output, the cluster connection(s), what halting means. */
public final class ServerServices implements PluginContext.Services {
  private final DnsMetrics metrics;
  private final Consumer<String> log;
  private final Clock clock;
  private final Function<KubernetesConfig, ClusterSource> clusters;
  private final Consumer<String> halt;

  public ServerServices(DnsMetrics metrics, Consumer<String> log, Clock clock,
                        Function<KubernetesConfig, ClusterSource> clusters, Consumer<String> halt) {
    this.metrics = metrics;
    this.log = log;
    this.clock = clock;
    this.clusters = clusters;
    this.halt = halt;
  }

  public DnsMetrics metrics() { return metrics; }

  public Consumer<String> log() { return log; }

  public Clock clock() { return clock; }

  @Override public ClusterSource clusterSource(KubernetesConfig config) { return clusters.apply(config); }

  @Override public void halt(String reason) { halt.accept(reason); }
}
