package dev.netkube.bench;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The objects bench/proxy-api.sh feeds a real cluster's kube-proxy: N selectorless services (bench-proxy-I, port 80)
 * each with an EndpointSlice of two ready endpoints at addresses nothing answers on (10.230.x.y, 10.231.x.y), the slice
 * carrying the trigger-time annotation the EndpointSlice controller sets, so that the proxy's network programming
 * latency is measured from it. Created over HTTPS by CONCURRENCY clients; prints one JSON line.
 */
final class ProxyObjectsBench {
  private ProxyObjectsBench() {}

  static void run(Path pki, String url, int services, int concurrency) throws Exception {
    AdminClient client = new AdminClient(pki, url);
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    for (int t = 0; t < concurrency; t++) {
      pool.execute(() -> {
        for (int i = next.getAndIncrement(); i < services; i = next.getAndIncrement()) {
          String name = "bench-proxy-" + i;
          post(client, "/api/v1/namespaces/default/services", """
              {"apiVersion":"v1","kind":"Service","metadata":{"name":"%s"},
               "spec":{"ports":[{"name":"http","port":80,"protocol":"TCP"}]}}""".formatted(name), failures);
          String a = "10.230." + (i / 250) + "." + (i % 250 + 1);
          String b = "10.231." + (i / 250) + "." + (i % 250 + 1);
          post(client, "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices", """
              {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice",
               "metadata":{"name":"%s-1","labels":{"kubernetes.io/service-name":"%s"},
                 "annotations":{"endpoints.kubernetes.io/last-change-trigger-time":"%s"}},
               "addressType":"IPv4","ports":[{"name":"http","port":80,"protocol":"TCP"}],
               "endpoints":[{"addresses":["%s"],"conditions":{"ready":true}},{"addresses":["%s"],"conditions":{"ready":true}}]}"""
              .formatted(name, name, Instant.now().toString(), a, b), failures);
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.HOURS);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("{\"services\":%d,\"createdSeconds\":%.1f,\"failures\":%d}%n", services, seconds, failures.get());
  }

  private static void post(AdminClient client, String path, String body, AtomicInteger failures) {
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        HttpResponse<String> r = client.post(path, body);
        if (r.statusCode() == 201 || r.statusCode() == 409) return;
        if (failures.incrementAndGet() < 5) System.err.println("bench: create failed: " + r.statusCode() + " " + r.body());
      } catch (Exception e) {
        failures.incrementAndGet();
      }
    }
  }
}
