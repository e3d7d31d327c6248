package dev.netkube.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.apiserver.ApiServerConfig;
import dev.netkube.apiserver.pki.ClusterPki;
import dev.netkube.cli.cluster.Cidr;
import dev.netkube.cli.cluster.ClusterNetwork;
import dev.netkube.cli.cluster.Exec;
import dev.netkube.cli.cluster.LayoutPlan;
import dev.netkube.cli.cluster.LayoutPlanner;
import dev.netkube.cli.cluster.LayoutSpec;
import dev.netkube.cli.cluster.routes.IpRouteTable;
import dev.netkube.cli.cluster.routes.RouteKeeper;
import dev.netkube.cli.cluster.routes.RouteScope;
import dev.netkube.controllers.runtime.Clients;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server keeps the host's routes to the nodes' pod CIDRs (kubenet): a real API server and
 * controllers in this JVM (node-ipam assigns spec.podCIDR), a real layout with a prefix and
 * ranges of this run's own, Nodes registered as an agent would (status.addresses InternalIP).
 * node-1's keeper runs as its agent would run it, on an informer of its own.
 */
class HostRoutesTest {
  @TempDir Path home;

  @Test
  void theHostRoutesEachNodesPodCidrViaItsLanAddressUntilTheNodeGoes() throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String prefix = "nkt" + String.format("%04x", random.nextInt(0x10000));
    Cidr pods = Cidr.parse("10." + (200 + random.nextInt(10)) + ".0.0/16");
    LayoutPlan plan = LayoutPlanner.plan(new LayoutSpec(prefix, Cidr.parse("10.213." + random.nextInt(256) + ".0/24"), 2, pods,
        LayoutSpec.DEFAULT_SERVICE_CIDR));
    String link = plan.host().link();
    try {
      ClusterNetwork.ensure(plan, home);
      ApiServerConfig config = new ApiServerConfig(home, List.of("127.0.0.1"), 0,
          new ApiServerConfig.StoreConfig.Sqlite(home.resolve("data/state.db")));
      try (ControlPlane controlPlane = ControlPlane.start(config, new PodNetwork(pods, Optional.of(link)))) {
        ClusterPki pki = controlPlane.server().pki();
        try (KubernetesClient client = Clients.forServer("https://127.0.0.1:" + controlPlane.server().port(), pki.caCertificatePem(),
            pki.adminCertificatePem(), pki.adminKeyPem())) {
          for (LayoutPlan.Member n : plan.nodes()) client.nodes().resource(node(n)).create();
          // and node-1's, as its agent runs it: an informer of its own, the table of its namespace
          LayoutPlan.Member node1 = plan.nodes().get(0);
          RouteKeeper onNode1 = RouteKeeper.start(client, RouteScope.node("node-1", "eth0", pods),
              new IpRouteTable(Optional.of(node1.netns()), "eth0"));
          try (onNode1) {
            // node-ipam hands out the lowest free /24s; the keeper routes them via the nodes' addresses
            List<String> both = List.of(new Cidr(pods.network(), 24) + " via " + plan.nodes().get(0).address(),
                new Cidr(pods.network() + 256, 24) + " via " + plan.nodes().get(1).address());
            await(() -> routes(link), r -> r.size() == 2 && r.containsAll(both));
            assertThat(routes(link)).containsExactlyInAnyOrderElementsOf(both);
            await(() -> routes(Optional.of(node1.netns()), "eth0"), r -> r.equals(both.subList(1, 2)));

            String cidr2 = client.nodes().withName("node-2").get().getSpec().getPodCIDR();
            client.nodes().withName("node-2").delete();
            await(() -> routes(link), r -> r.size() == 1);
            assertThat(routes(link)).noneMatch(r -> r.startsWith(cidr2));
            await(() -> routes(Optional.of(node1.netns()), "eth0"), List::isEmpty);
          }
        }
      }
    } finally {
      ClusterNetwork.teardown(prefix, home);
    }
  }

  private static Node node(LayoutPlan.Member n) {
    return new NodeBuilder().withNewMetadata().withName(n.name()).endMetadata()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress(n.address()).endAddress()
        .addNewAddress().withType("Hostname").withAddress(n.name()).endAddress().endStatus().build();
  }

  /** netkube's routes (proto 78) out of the host's link: "10.200.0.0/24 via 10.213.5.2". */
  private static List<String> routes(String link) { return routes(Optional.empty(), link); }

  private static List<String> routes(Optional<String> netns, String link) {
    List<String> command = new java.util.ArrayList<>(List.of("ip"));
    netns.ifPresent(n -> command.addAll(List.of("-n", n)));
    command.addAll(List.of("-4", "route", "show", "proto", "78", "dev", link));
    String out = Exec.run(command, "").stdout();
    return Arrays.stream(out.split("\n")).map(String::strip).filter(l -> !l.isEmpty())
        .map(l -> l.replaceAll("\\s+(proto|metric)\\s+\\S+", "").strip()).toList();
  }

  private static <T> void await(Supplier<T> value, java.util.function.Predicate<T> done) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!done.test(value.get())) {
      if (System.nanoTime() > deadline) throw new AssertionError("still " + value.get() + " after 20 s");
      Thread.sleep(50);
    }
  }
}
