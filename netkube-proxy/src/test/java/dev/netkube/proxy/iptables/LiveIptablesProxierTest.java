package dev.netkube.proxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netkube.proxy.conntrack.ConntrackCommand;
import dev.netkube.proxy.health.ProxyHealth;
import dev.netkube.proxy.metrics.ProxyMetrics;
import dev.netkube.proxy.model.FromKubernetes;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.model.ServicePortName;
import dev.netkube.proxy.rules.iptables.IptablesChainNames;
import dev.netkube.proxy.server.ClusterState;
import dev.netkube.proxy.server.Proxier;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The iptables proxier against a real kernel (iptables-restore in throwaway namespaces): partial syncs rewrite only
 * what changed and delete what went, ending where a full sync from scratch ends; a restore that fails (a chain
 * removed behind the proxy's back) makes the next sync a full one, which repairs it.
 */
class LiveIptablesProxierTest {
  private static final NodeFacts NODE = new NodeFacts("node-1", List.of("192.168.10.2"), Optional.of("10.244.0.0/16"),
      List.of("10.96.0.0/12"), List.of());
  private final String prefix = "nkq" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
  private final String ns = prefix + "-a";
  private final String fresh = prefix + "-b";

  @BeforeEach
  void namespaces() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/iptables-restore")) && "root".equals(System.getProperty("user.name")),
        "needs root and iptables");
    run("ip", "netns", "add", ns);
    run("ip", "netns", "add", fresh);
  }

  @AfterEach
  void remove() throws Exception {
    run("ip", "netns", "del", ns);
    run("ip", "netns", "del", fresh);
  }

  private static Proxier proxier(ClusterState state, String netns, ProxyMetrics metrics) {
    return new IptablesProxier(NODE, state, IptablesCommand.inNetns(netns), ConntrackCommand.inNetns(netns), metrics,
        new ProxyHealth(Clock.systemUTC(), Duration.ofMinutes(1)), Clock.systemUTC(), s -> {});
  }

  @Test
  void partialSyncsEndWhereAFullSyncEndsAndAFailureBringsAFullOne() throws Exception {
    ClusterState state = new ClusterState();
    for (String name : List.of("a", "b", "c")) {
      state.putService(service(name, "10.96.0." + (10 + name.charAt(0) - 'a')));
      state.putSlice(slice(name, "10.244.1." + (5 + name.charAt(0) - 'a')));
    }
    ProxyMetrics metrics = new ProxyMetrics();
    Proxier p = proxier(state, ns, metrics);
    assertThat(p.sync()).isInstanceOf(Proxier.SyncOutcome.Synced.class);
    String sepOfA = chainFor(save(ns), "10.244.1.5:8080");

    state.putSlice(slice("a", "10.244.1.99"));
    state.removeService(service("c", "10.96.0.12"));
    state.removeSlice(slice("c", "10.244.1.7"));
    assertThat(p.sync()).isInstanceOf(Proxier.SyncOutcome.Synced.class);
    String after = save(ns);
    assertThat(after).doesNotContain(sepOfA).doesNotContain("10.96.0.12").contains("10.244.1.99:8080");
    assertThat(metrics.text()).contains("kubeproxy_sync_proxy_rules_duration_seconds_count 2");

    assertThat(proxier(state, fresh, new ProxyMetrics()).sync()).isInstanceOf(Proxier.SyncOutcome.Synced.class);
    assertThat(normalised(after)).isEqualTo(normalised(save(fresh)));

    // someone deletes b's service chain: the next partial restore (which does not rewrite b) fails, the one after
    // is full and puts it back
    String svcOfB = IptablesChainNames.service(new ServicePortName("default", "b", "http"), "tcp");
    String iptables = IptablesCommand.Backend.best().iptables;
    run("ip", "netns", "exec", ns, iptables, "-t", "nat", "-F", "KUBE-SERVICES");
    run("ip", "netns", "exec", ns, iptables, "-t", "nat", "-F", svcOfB);
    run("ip", "netns", "exec", ns, iptables, "-t", "nat", "-X", svcOfB);
    state.putSlice(slice("a", "10.244.1.98"));
    assertThat(p.sync()).isInstanceOf(Proxier.SyncOutcome.Failed.class);
    assertThat(p.sync()).isInstanceOf(Proxier.SyncOutcome.Synced.class);
    assertThat(save(ns)).contains(":" + svcOfB).contains("10.244.1.98:8080");
  }

  private static String chainFor(String saved, String endpoint) {
    return saved.lines().filter(l -> l.contains("--to-destination " + endpoint)).findFirst().orElseThrow().split(" ")[1];
  }

  /** iptables-save without its timestamps and counters, lines sorted: the state, not the order it was built in. */
  private static List<String> normalised(String saved) {
    return saved.lines().filter(l -> !l.startsWith("#")).map(l -> l.replaceAll("\\[\\d+:\\d+\\]", "")).sorted().toList();
  }

  private static String save(String netns) {
    IptablesCommand iptables = IptablesCommand.inNetns(netns);
    return ((IptablesCommand.Result.Ok) iptables.save("nat")).output() + ((IptablesCommand.Result.Ok) iptables.save("filter")).output();
  }

  static Service service(String name, String ip) {
    return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP(ip).withClusterIPs(ip)
        .addNewPort().withName("http").withPort(80).withProtocol("TCP").withTargetPort(new IntOrString(8080)).endPort().endSpec().build();
  }

  static EndpointSlice slice(String service, String ip) {
    return new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName(service + "-x")
        .addToLabels(FromKubernetes.SERVICE_NAME_LABEL, service).endMetadata().withAddressType("IPv4")
        .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
        .addNewEndpoint().withAddresses(ip).withNodeName("node-1").withNewConditions().withReady(true).endConditions().endEndpoint()
        .build();
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
    return out;
  }
}
