package dev.netkube.proxy.server;

import dev.netkube.proxy.config.KubeProxyConfiguration;
import dev.netkube.proxy.config.ProxyMode;
import dev.netkube.proxy.health.ProxyHealth;
import dev.netkube.proxy.health.ServiceHealth;
import dev.netkube.proxy.health.ServiceHealthServers;
import dev.netkube.proxy.metrics.ProxyMetrics;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.iptables.IptablesProxier;
import dev.netkube.proxy.nftables.NftablesProxier;
import dev.netkube.proxy.sync.BoundedFrequencyRunner;
import dev.netkube.proxy.userspace.UserspaceProxier;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * netkube's kube-proxy on one node: informers on Services and EndpointSlices feed the cluster state, each change
 * asks the bounded-frequency runner for a sync, the proxier writes the data plane; health and metrics served as
 * upstream. {@link #start} returns once the informers synced and the first sync ran.
 */
public final class ProxyServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);
  /** The service CIDR netkube's API server allocates from (unallocated addresses in it are dropped). */
  public static final String SERVICE_CIDR = "10.96.0.0/12";

  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private BoundedFrequencyRunner runner;
  private Proxier proxier;
  private ProxyHttp http;
  private ServiceHealthServers serviceHealth;
  private final String serviceHealthHost;

  private ProxyServer(String serviceHealthHost) { this.serviceHealthHost = serviceHealthHost; }


  public static ProxyServer start(KubeProxyConfiguration config, KubernetesClient client, String nodeName) throws Exception {
    return start(config, client, nodeName, NodeCommands.system());
  }

  /** With the kernel programs run elsewhere (another network namespace: tests). */
  public static ProxyServer start(KubeProxyConfiguration config, KubernetesClient client, String nodeName,
      NodeCommands commands) throws Exception {
    if (config.mode() == ProxyMode.IPVS) {
      // upstream: "can't use the IPVS proxier: ..." and the process exits; this kernel has no ip_vs at all
      throw new IllegalStateException("can't use the IPVS proxier: " + (Files.exists(Path.of("/proc/net/ip_vs"))
          ? "netkube has no IPVS proxier" : "no such file or directory (the kernel has no ip_vs module)")
          + "; use mode nftables or iptables");
    }
    // in the node's namespace 0.0.0.0 is the node's addresses; tests in the host's bind loopback only
    ProxyServer server = new ProxyServer(config.healthzBindAddress().startsWith("127.") ? "127.0.0.1" : "0.0.0.0");
    try {
      server.run(config, client, nodeName, commands);
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void run(KubeProxyConfiguration config, KubernetesClient client, String nodeName, NodeCommands commands)
      throws Exception {
    Clock clock = Clock.systemUTC();
    NodeFacts node = nodeFacts(client, nodeName, config);
    LOG.info("Using {} Proxier{}: node {}, node IPs {}, cluster CIDR {}", config.mode().word(),
        config.mode() == ProxyMode.IPTABLES ? " (iptables " + commands.iptables().backend().word() + ")" : "", node.nodeName(),
        node.nodeIps(), node.clusterCidr().orElse("(none)"));
    ProxyMetrics metrics = new ProxyMetrics();
    ProxyHealth health = new ProxyHealth(clock, config.syncPeriod().multipliedBy(2));
    ClusterState state = new ClusterState();
    serviceHealth = new ServiceHealthServers(serviceHealthHost, health);
    Consumer<ClusterState.Snapshot> afterSync =
        written -> serviceHealth.update(ServiceHealth.checks(nodeName, written.ports(), written.endpoints()));
    // as upstream: the rules a proxy of another mode left on this node go first (a mode switch leaves no trap)
    Leftovers.removeAllBut(config.mode(), commands);
    proxier = switch (config.mode()) {
      case NFTABLES -> new NftablesProxier(node, state, commands.nft(), commands.conntrack(), metrics, health, clock, afterSync);
      case IPTABLES -> new IptablesProxier(node, state, commands.iptables(), commands.conntrack(), metrics, health, clock,
          afterSync);
      case USERSPACE -> new UserspaceProxier(node, state, commands.iptables(), commands.conntrack(), metrics, health, clock,
          afterSync, config.portRange(), config.udpIdleTimeout());
      case IPVS -> throw new IllegalStateException("unreachable: refused above");
    };
    runner = new BoundedFrequencyRunner("proxy-sync", () -> {
      Proxier.SyncOutcome outcome = proxier.sync();
      if (outcome instanceof Proxier.SyncOutcome.Failed f) runner.retryAfter(f.retryAfter());
      if (outcome instanceof Proxier.SyncOutcome.Synced s) s.again().ifPresent(runner::retryAfter);
    }, config.minSyncPeriod(), config.syncPeriod());
    Runnable changed = () -> {
      health.queued();
      metrics.queued(clock.millis() / 1000.0);
      runner.run();
    };
    SharedIndexInformer<Service> services = client.services().inAnyNamespace().runnableInformer(0).itemStore(new SlimItemStore<>());
    services.addEventHandler(handler(state::putService, state::removeService, () -> metrics.serviceChanges.incrementAndGet(), changed));
    informers.add(services);
    SharedIndexInformer<EndpointSlice> slices = client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0)
        .itemStore(new SlimItemStore<>());
    slices.addEventHandler(handler(state::putSlice, state::removeSlice, () -> metrics.endpointChanges.incrementAndGet(), changed));
    informers.add(slices);
    CompletableFuture.allOf(services.start().toCompletableFuture(), slices.start().toCompletableFuture()).join();
    http = ProxyHttp.start(config.healthzBindAddress(), config.metricsBindAddress(), health, metrics, config.mode().word());
    runner.start();
  }

  private static NodeFacts nodeFacts(KubernetesClient client, String nodeName, KubeProxyConfiguration config) {
    List<String> ips = new ArrayList<>();
    Node node = client.nodes().withName(nodeName).get();
    if (node == null) {
      LOG.warn("node {} not found: NodePorts answer on every local address, the node IP is unknown", nodeName);
    } else if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
      for (NodeAddress a : node.getStatus().getAddresses()) if ("InternalIP".equals(a.getType())) ips.add(a.getAddress());
    }
    return new NodeFacts(nodeName, ips, config.clusterCidr(), List.of(SERVICE_CIDR), config.nodePortAddresses());
  }

  private static <T> ResourceEventHandler<T> handler(Consumer<T> put, Consumer<T> remove, Runnable count, Runnable changed) {
    return new ResourceEventHandler<>() {
      @Override public void onAdd(T obj) {
        put.accept(obj);
        count.run();
        changed.run();
      }

      @Override public void onUpdate(T old, T obj) {
        put.accept(obj);
        count.run();
        changed.run();
      }

      @Override public void onDelete(T obj, boolean unknownFinalState) {
        remove.accept(obj);
        count.run();
        changed.run();
      }
    };
  }

  /** For tests and diagnostics. */
  public Optional<ProxyHttp> http() { return Optional.ofNullable(http); }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    if (runner != null) runner.close();
    if (proxier != null) proxier.close();
    if (http != null) http.close();
    if (serviceHealth != null) serviceHealth.close();
  }
}
