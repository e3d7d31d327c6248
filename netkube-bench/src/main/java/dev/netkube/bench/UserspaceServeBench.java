package dev.netkube.bench;

import dev.netkube.proxy.config.PortRange;
import dev.netkube.proxy.conntrack.ConntrackCommand;
import dev.netkube.proxy.health.ProxyHealth;
import dev.netkube.proxy.iptables.IptablesCommand;
import dev.netkube.proxy.metrics.ProxyMetrics;
import dev.netkube.proxy.model.FromKubernetes;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.server.ClusterState;
import dev.netkube.proxy.server.Proxier;
import dev.netkube.proxy.userspace.UserspaceProxier;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The userspace mode's data plane for bench/proxy.sh's throughput runs: run inside the node namespace
 * ({@code ip netns exec NODE java ... Bench userspace-serve}), it syncs the target service (10.96.0.100:80 and
 * NodePort 30080 to the bench's pod 10.250.0.2:80) through the real userspace proxier, its listeners and portal
 * rules, prints "ready", and serves until its stdin closes.
 */
final class UserspaceServeBench {
  private UserspaceServeBench() {}

  static void run() throws Exception {
    NodeFacts node = new NodeFacts("bench", List.of("10.250.0.1", "10.250.1.1"), Optional.of("10.250.0.0/16"),
        List.of("10.96.0.0/12"), List.of());
    ClusterState state = new ClusterState();
    state.putService(new ServiceBuilder().withNewMetadata().withNamespace("bench").withName(ProxySyncBench.TARGET).endMetadata()
        .withNewSpec().withType("NodePort").withClusterIP("10.96.0.100").addNewPort().withName("http").withPort(80).withProtocol("TCP")
        .withTargetPort(new IntOrString(80)).withNodePort(30080).endPort().endSpec().build());
    state.putSlice(new EndpointSliceBuilder().withNewMetadata().withNamespace("bench").withName(ProxySyncBench.TARGET + "-x")
        .addToLabels(FromKubernetes.SERVICE_NAME_LABEL, ProxySyncBench.TARGET).endMetadata().withAddressType("IPv4")
        .addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort()
        .addNewEndpoint().withAddresses("10.250.0.2").withNodeName("bench").withNewConditions().withReady(true).endConditions()
        .endEndpoint().build());
    try (UserspaceProxier proxier = new UserspaceProxier(node, state, IptablesCommand.system(), ConntrackCommand.system(),
        new ProxyMetrics(), new ProxyHealth(Clock.systemUTC(), Duration.ofMinutes(1)), Clock.systemUTC(), s -> {}, PortRange.ANY,
        Duration.ofMillis(250))) {
      if (proxier.sync() instanceof Proxier.SyncOutcome.Failed f) throw new IllegalStateException("userspace sync failed: " + f.error());
      System.out.println("ready");
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the script closes our stdin
      }
    }
  }
}
