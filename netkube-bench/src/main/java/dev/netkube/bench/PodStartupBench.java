package dev.netkube.bench;

import dev.netkube.controllers.runtime.Clients;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Pod start-up latency on real nodes, as Kubernetes' SLO measures it (pod created to Running,
 * image already present): {@code pods} nginx pods created in waves of {@code wave}, each timed
 * from the create request to the watch event that shows it Running with its IP. Prints
 * median, p99 and max in ms, then deletes them.
 */
final class PodStartupBench {
  private PodStartupBench() {}

  static void run(Path pki, String url, int pods, int wave) throws Exception {
    try (KubernetesClient client = Clients.forServer(url, Files.readString(pki.resolve("ca.crt")),
        Files.readString(pki.resolve("admin.crt")), Files.readString(pki.resolve("admin.key")))) {
      Map<String, Long> created = new ConcurrentHashMap<>();
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch running = new CountDownLatch(pods);
      var watch = client.pods().inNamespace("default").withLabel("bench", "startup").watch(new Watcher<Pod>() {
        @Override public void eventReceived(Action action, Pod pod) {
          Long t0 = created.get(pod.getMetadata().getName());
          if (t0 == null || pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())
              || pod.getStatus().getPodIP() == null) return;
          if (created.remove(pod.getMetadata().getName()) != null) {
            latencies.add((System.nanoTime() - t0) / 1_000_000);
            running.countDown();
          }
        }

        @Override public void onClose(WatcherException cause) {}
      });
      try {
        for (int i = 0; i < pods; i += wave) {
          for (int j = i; j < Math.min(pods, i + wave); j++) {
            String name = "startup-" + j;
            created.put(name, System.nanoTime());
            client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(name)
                .addToLabels("bench", "startup").endMetadata().withNewSpec().addNewContainer().withName("nginx")
                .withImage("nginx").endContainer().endSpec().build()).create();
          }
          long target = pods - Math.min(pods, i + wave);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (running.getCount() > target && System.nanoTime() < deadline) Thread.sleep(5);
        }
        if (!running.await(60, TimeUnit.SECONDS)) throw new IllegalStateException(running.getCount() + " pods not Running in 60 s");
      } finally {
        watch.close();
        client.pods().inNamespace("default").withLabel("bench", "startup").withGracePeriod(0).delete();
      }
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      long p50 = sorted.get((sorted.size() - 1) / 2);
      long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
      System.out.println(p50 + " " + p99 + " " + sorted.get(sorted.size() - 1));
    }
  }
}
