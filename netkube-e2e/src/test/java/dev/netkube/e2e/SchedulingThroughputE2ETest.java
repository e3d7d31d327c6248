package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.apiserver.pki.ClusterPki;
import dev.netkube.controllers.runtime.Clients;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The scheduler's end-to-end rate on a backlog: N pods created while there is no node, then 20
 * fake nodes arrive; the time until every pod is bound. Opt-in: -Dnetkube.bench=true
 * (-Dnetkube.bench.pods=5000).
 */
@EnabledIfSystemProperty(named = "netkube.bench", matches = "true")
class SchedulingThroughputE2ETest extends ClusterTestBase {
  @Test
  void backlogIsBound() throws Exception {
    int pods = Integer.getInteger("netkube.bench.pods", 5000);
    ClusterPki pki = cluster.server().pki();
    try (KubernetesClient client = Clients.forServer("https://127.0.0.1:" + cluster.port(), pki.caCertificatePem(),
        pki.adminCertificatePem(), pki.adminKeyPem())) {
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        long t0 = System.nanoTime();
        List<Future<?>> created = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
          String name = "bench-" + i;
          created.add(pool.submit(() -> client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata()
              .withName(name).endMetadata().withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer()
              .endSpec().build()).create()));
        }
        for (Future<?> f : created) f.get();
        System.out.printf("BENCH created %d pods in %.1f s%n", pods, (System.nanoTime() - t0) / 1e9);
        Thread.sleep(20_000); // the "no nodes available" events and conditions are written meanwhile
        long t1 = System.nanoTime();
        for (int n = 1; n <= 20; n++) {
          client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("fake-" + n)
              .addToAnnotations("kwok.x-k8s.io/node", "fake").endMetadata().withNewStatus()
              .addToCapacity("pods", new io.fabric8.kubernetes.api.model.Quantity("1000"))
              .addToCapacity("cpu", new io.fabric8.kubernetes.api.model.Quantity("32"))
              .addToCapacity("memory", new io.fabric8.kubernetes.api.model.Quantity("256Gi")).endStatus().build()).create();
        }
        long bound = 0;
        while (System.nanoTime() - t1 < TimeUnit.MINUTES.toNanos(10)) {
          bound = client.pods().inNamespace("default").list().getItems().stream()
              .map(Pod::getSpec).filter(s -> s.getNodeName() != null && !s.getNodeName().isEmpty()).count();
          if (bound == pods) break;
          Thread.sleep(500);
        }
        double seconds = (System.nanoTime() - t1) / 1e9;
        System.out.printf("BENCH %d of %d pods bound %.1f s after the nodes came: %.0f pods/s%n", bound, pods, seconds, bound / seconds);
        assertThat(bound).isEqualTo(pods);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
