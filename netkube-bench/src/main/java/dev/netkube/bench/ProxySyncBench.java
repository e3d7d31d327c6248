package dev.netkube.bench;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import dev.netkube.proxy.nft.NftCommand;
import dev.netkube.proxy.rules.nftables.ChangeTracker;
import dev.netkube.proxy.rules.nftables.GeneratedRules;
import dev.netkube.proxy.rules.nftables.IncrementalGenerator;
import dev.netkube.proxy.rules.nftables.SyncPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The proxy's sync path at scale, without an API server: N services (zz-target at 10.96.0.100:80 and NodePort 30080 to
 * the bench's pod 10.250.0.2:80, the others to two addresses each that nothing answers on) generated, planned by the change
 * tracker and applied with the real nft into a namespace: a full sync, then ROUNDS partial syncs each changing one
 * service's endpoint. Prints one JSON line. bench/proxy.sh runs it.
 */
final class ProxySyncBench {
  static final String TARGET = "zz-target";

  private ProxySyncBench() {}

  static void run(String netns, int services, int rounds) {
    NodeFacts node = new NodeFacts("bench", List.of("10.250.0.1"), Optional.of("10.250.0.0/16"), List.of("10.96.0.0/12"), List.of());
    List<ServicePort> ports = new ArrayList<>();
    Map<ServicePortName, List<Endpoint>> endpoints = new TreeMap<>();
    for (int i = 0; i < services; i++) {
      // the target sorts last: in the iptables layout it is the last rule of KUBE-SERVICES, the slowest to reach
      ServicePortName name = new ServicePortName("bench", i == 0 ? TARGET : "svc-" + i, "http");
      int ip = 100 + i;
      ServicePort p = ServicePort.clusterIp(name, Protocol.TCP, "10.96." + (ip / 256) + "." + (ip % 256), 80);
      ports.add(i == 0 ? p.withNodePort(30080) : p);
      // two endpoints each, as upstream's scale tests (10,000 services x 2 endpoints); the target one, the bench's pod
      endpoints.put(name, i == 0 ? List.of(endpoint("10.250.0.2"))
          : List.of(endpoint("10.251." + (i / 250) + "." + (i % 250 + 1)), endpoint("10.253." + (i / 250) + "." + (i % 250 + 1))));
    }
    NftCommand nft = NftCommand.inNetns(netns);
    ChangeTracker tracker = new ChangeTracker();
    IncrementalGenerator generator = new IncrementalGenerator(); // as the proxy generates
    long t0 = System.nanoTime();
    GeneratedRules first = generator.generate(node, ports, endpoints);
    long generated = System.nanoTime();
    SyncPlan full = tracker.plan(first, Instant.now());
    apply(nft, full);
    long applied = System.nanoTime();
    tracker.succeeded(full);
    long[] partialMs = new long[rounds];
    long[] generateMs = new long[rounds];
    int lines = 0;
    for (int r = 0; r < rounds; r++) {
      ServicePortName changed = new ServicePortName("bench", "svc-" + (services / 2 + r), "http");
      endpoints.put(changed, List.of(endpoint("10.252." + r + ".1")));
      long a = System.nanoTime();
      GeneratedRules next = generator.generate(node, ports, endpoints);
      long b = System.nanoTime();
      SyncPlan plan = tracker.plan(next, Instant.now());
      apply(nft, plan);
      tracker.succeeded(plan);
      long c = System.nanoTime();
      partialMs[r] = (c - a) / 1_000_000;
      generateMs[r] = (b - a) / 1_000_000;
      lines = plan.transaction().map(t -> (int) t.lines().count()).orElse(0);
    }
    // the floor of any nft-based sync on this table: one element added in a transaction of its own (nft reads the
    // table's cache before it applies anything)
    long[] floorMs = new long[rounds];
    for (int r = 0; r < rounds; r++) {
      long a = System.nanoTime();
      if (nft.apply("add element ip kube-proxy cluster-ips { 10.111.255." + (r + 1) + " }\n") instanceof NftCommand.Result.Failed f) {
        throw new IllegalStateException("nft failed: " + f.error());
      }
      floorMs[r] = (System.nanoTime() - a) / 1_000_000;
    }
    Arrays.sort(floorMs);
    Arrays.sort(partialMs);
    Arrays.sort(generateMs);
    System.out.println("{\"services\":" + services + ",\"full_generate_ms\":" + (generated - t0) / 1_000_000 + ",\"full_sync_ms\":"
        + (applied - t0) / 1_000_000 + ",\"full_lines\":" + full.transaction().map(t -> t.lines().count()).orElse(0L)
        + ",\"partial_sync_ms_median\":" + partialMs[rounds / 2] + ",\"partial_generate_ms_median\":" + generateMs[rounds / 2]
        + ",\"partial_lines\":" + lines + ",\"nft_one_element_ms_median\":" + floorMs[rounds / 2] + "}");
  }

  private static Endpoint endpoint(String ip) { return new Endpoint(ip, 80, true, true, false, Optional.of("bench"), Optional.empty()); }

  private static void apply(NftCommand nft, SyncPlan plan) {
    plan.cleanup().ifPresent(nft::apply);
    if (plan.transaction().isPresent() && nft.apply(plan.transaction().get()) instanceof NftCommand.Result.Failed f) {
      throw new IllegalStateException("nft failed: " + f.error());
    }
  }
}
