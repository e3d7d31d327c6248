package dev.netkube.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A thousand pod sandboxes created and deleted leave no IP, veth, netns, cache entry or rule behind. */
class NoLeakLiveTest {
  private static final int CYCLES = 1000;
  // Two at a time, as an agent starts pods: most of a cycle is the kernel tearing a veth down
  // (RCU grace periods), not CPU, so two workers halve the time on a 2-core machine.
  private static final int WORKERS = 2;

  @RegisterExtension final LiveNet net = new LiveNet();

  @Test
  void aThousandAddDelCyclesLeakNothing() throws Exception {
    String node = net.node("node");
    CniRuntime cni = CniRuntime.start(NodeNetwork.of("10.123.0.0/24", net.stateDir),
        CniRuntime.Options.under(net.stateDir).withExecutor(PluginExecutor.inNetns(node)));
    SandboxNetns pods = net.sandboxes();
    AtomicLong addNanos = new AtomicLong();
    AtomicLong delNanos = new AtomicLong();
    AtomicLong worstAdd = new AtomicLong();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try {
      List<Future<Object>> workers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        int worker = w;
        workers.add(pool.submit(() -> {
          for (int i = worker; i < CYCLES; i += WORKERS) {
            String uid = "uid-" + i;
            PodSandbox s = PodSandbox.of("sandbox-" + i, pods.create(uid), new PodRef("default", "p" + i, uid));
            if (i % 10 == 0) s = s.withPortMappings(List.of(PortMapping.tcp(9000 + i % 100, 80))); // portmap's rules too
            long t0 = System.nanoTime();
            PodNetwork n = cni.add(s);
            long t1 = System.nanoTime();
            assertThat(n.podIps()).hasSize(1);
            cni.del(s);
            pods.delete(uid);
            addNanos.addAndGet(t1 - t0);
            delNanos.addAndGet(System.nanoTime() - t1);
            worstAdd.accumulateAndGet(t1 - t0, Math::max);
          }
          return null;
        }));
      }
      for (Future<Object> f : workers) f.get();
    } finally {
      pool.shutdownNow();
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("%d CNI ADD/DEL cycles (netns add, ADD lo + eth0, DEL, netns del), %d at a time, in %d ms;"
            + " ADD %.1f ms on average (worst %.1f ms), DEL %.1f ms%n", CYCLES, WORKERS, millis,
        addNanos.get() / 1e6 / CYCLES, worstAdd.get() / 1e6, delNanos.get() / 1e6 / CYCLES);

    assertThat(LiveNet.allocatedIps(cni.network().ipamNetworkDir())).isEmpty();
    net.assertNoVeths(node);
    assertThat(pods.existing()).isEmpty();
    assertThat(cni.attachments()).isEmpty();
    try (var files = Files.list(cni.cacheResultsDir())) {
      assertThat(files.toList()).isEmpty();
    }
    assertThat(net.in(node, "iptables-save", "-t", "nat").out()).doesNotContain(":CNI-DN-");
    // the bridge stays, as on a real node: lo and cni0 are all that is left
    assertThat(net.must("ip", "-n", node, "-o", "link").lines().map(l -> l.split(":\\s+")[1].split("@")[0]))
        .containsExactlyInAnyOrder("lo", "cni0");
  }
}
