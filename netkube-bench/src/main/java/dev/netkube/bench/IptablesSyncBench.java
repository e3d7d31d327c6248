package dev.netkube.bench;

import dev.netkube.proxy.conntrack.ConntrackCommand;
import dev.netkube.proxy.health.ProxyHealth;
import dev.netkube.proxy.iptables.IptablesCommand;
import dev.netkube.proxy.iptables.IptablesProxier;
import dev.netkube.proxy.metrics.ProxyMetrics;
import dev.netkube.proxy.model.FromKubernetes;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.server.ClusterState;
import dev.netkube.proxy.server.Proxier;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The iptables mode's sync path at scale, as {@link ProxySyncBench} for nftables and with the same services (the
 * target, zz-target at 10.96.0.100:80 and NodePort 30080, sorts last): the real proxier on a cluster state, its
 * iptables-restore into the namespace; a full sync, then ROUNDS partial syncs each changing one service's endpoint.
 * Prints one JSON line.
 */
final class IptablesSyncBench {
  private IptablesSyncBench() {}

  static void run(String netns, int services, int rounds) {
    NodeFacts node = new NodeFacts("bench", List.of("10.250.0.1"), Optional.of("10.250.0.0/16"), List.of("10.96.0.0/12"), List.of());
    ClusterState state = new ClusterState();
    for (int i = 0; i < services; i++) {
      String name = i == 0 ? ProxySyncBench.TARGET : "svc-" + i;
      int ip = 100 + i;
      var spec = new ServiceBuilder().withNewMetadata().withNamespace("bench").withName(name).endMetadata().withNewSpec()
          .withType(i == 0 ? "NodePort" : "ClusterIP").withClusterIP("10.96." + (ip / 256) + "." + (ip % 256))
          .addNewPort().withName("http").withPort(80).withProtocol("TCP").withTargetPort(new IntOrString(80))
          .withNodePort(i == 0 ? 30080 : null).endPort().endSpec();
      state.putService(spec.build());
      // two endpoints each, as upstream's scale tests; the target one, the bench's pod
      state.putSlice(i == 0 ? slice(name, "10.250.0.2")
          : slice(name, "10.251." + (i / 250) + "." + (i % 250 + 1), "10.253." + (i / 250) + "." + (i % 250 + 1)));
    }
    Proxier proxier = new IptablesProxier(node, state, IptablesCommand.inNetns(netns), ConntrackCommand.inNetns(netns),
        new ProxyMetrics(), new ProxyHealth(Clock.systemUTC(), Duration.ofMinutes(1)), Clock.systemUTC(), s -> {});
    long t0 = System.nanoTime();
    sync(proxier);
    long fullMs = (System.nanoTime() - t0) / 1_000_000;
    long[] partialMs = new long[rounds];
    for (int r = 0; r < rounds; r++) {
      state.putSlice(slice("svc-" + (services / 2 + r), "10.252." + r + ".1"));
      long a = System.nanoTime();
      sync(proxier);
      partialMs[r] = (System.nanoTime() - a) / 1_000_000;
    }
    Arrays.sort(partialMs);
    System.out.println("{\"services\":" + services + ",\"full_sync_ms\":" + fullMs + ",\"partial_sync_ms_median\":"
        + partialMs[rounds / 2] + "}");
  }

  private static void sync(Proxier proxier) {
    if (proxier.sync() instanceof Proxier.SyncOutcome.Failed f) throw new IllegalStateException("iptables sync failed: " + f.error());
  }

  private static EndpointSlice slice(String service, String... ips) {
    var b = new EndpointSliceBuilder().withNewMetadata().withNamespace("bench").withName(service + "-x")
        .addToLabels(FromKubernetes.SERVICE_NAME_LABEL, service).endMetadata().withAddressType("IPv4")
        .addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort();
    for (String ip : ips) {
      b.addNewEndpoint().withAddresses(ip).withNodeName("bench").withNewConditions().withReady(true).endConditions().endEndpoint();
    }
    return b.build();
  }
}
