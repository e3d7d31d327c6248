package dev.netkube.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The control plane under a burst, as KWOK-style benchmarks do it: fake nodes (no agents), then
 * services, then pods selected by them, all created over HTTPS with several clients at once.
 * Watches (started before each burst) time when every pod is scheduled and running and when
 * every service's EndpointSlices hold its ready endpoints. Prints one JSON line.
 */
final class ControlPlaneBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AdminClient client;
  private final int nodes;
  private final int services;
  private final int pods;
  private final int concurrency;

  ControlPlaneBench(AdminClient client, int nodes, int services, int pods, int concurrency) {
    this.client = client;
    this.nodes = nodes;
    this.services = services;
    this.pods = pods;
    this.concurrency = concurrency;
  }

  static void run(Path pki, String url, int nodes, int services, int pods, int concurrency) throws Exception {
    new ControlPlaneBench(new AdminClient(pki, url), nodes, services, pods, concurrency).run();
  }

  private void run() throws Exception {
    // The cluster CIDR 10.244.0.0/16 holds 256 node /24s (node-ipam gives later nodes none:
    // CIDRNotAvailable) and a /24 holds 254 pod addresses; 220 pods per node (kubelet's --max-pods,
    // default 110) lets 250 nodes hold 50,000 pods.
    int podsPerNode = 220;
    if ((long) nodes * podsPerNode < pods) {
      throw new IllegalArgumentException(nodes + " nodes of " + podsPerNode + " pods cannot hold " + pods
          + " pods: use at least " + (pods + podsPerNode - 1) / podsPerNode + " nodes");
    }
    long t0 = System.nanoTime();
    burst(nodes, i -> "/api/v1/nodes", i -> """
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"bench-node-%d","annotations":{"kwok.x-k8s.io/node":"fake"},
         "labels":{"kubernetes.io/hostname":"bench-node-%d","topology.kubernetes.io/zone":"zone-%d"}},
         "status":{"capacity":{"cpu":"1000","memory":"4000Gi","pods":"%d"},"allocatable":{"cpu":"1000","memory":"4000Gi","pods":"%d"},
         "addresses":[{"type":"InternalIP","address":"10.%d.%d.%d"}]}}""".formatted(i, i, i % 3, podsPerNode, podsPerNode,
        100 + i / 65536, (i / 256) % 256, i % 256));
    awaitCount("/api/v1/nodes", n -> n.path("status").path("conditions").findValues("type").stream().anyMatch(t -> t.asText().equals("Ready")), nodes, 120);
    double nodesSeconds = seconds(t0);

    long t1 = System.nanoTime();
    Set<String> ips = ConcurrentHashMap.newKeySet();
    AtomicInteger duplicateIps = new AtomicInteger();
    burstWithResponse(services, i -> "/api/v1/namespaces/default/services", i -> """
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"bench-svc-%d"},
         "spec":{"selector":{"app":"bench-%d"},"ports":[{"name":"http","port":80,"targetPort":"http"}]}}""".formatted(i, i),
        body -> {
          String ip = body.path("spec").path("clusterIP").asText("");
          if (ip.isEmpty() || !ips.add(ip)) duplicateIps.incrementAndGet();
        });
    double servicesSeconds = seconds(t1);

    String rv = listRevision("/api/v1/pods");
    String sliceRv = listRevision("/apis/discovery.k8s.io/v1/endpointslices");
    PodWatch podWatch = new PodWatch();
    Thread podWatcher = watch("/api/v1/pods?watch=true&resourceVersion=" + rv, podWatch::event);
    SliceWatch sliceWatch = new SliceWatch();
    Thread sliceWatcher = watch("/apis/discovery.k8s.io/v1/endpointslices?watch=true&resourceVersion=" + sliceRv, sliceWatch::event);
    long t2 = System.nanoTime();
    burst(pods, i -> "/api/v1/namespaces/default/pods", i -> """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"bench-pod-%d","labels":{"app":"bench-%d"}},
         "spec":{"containers":[{"name":"web","image":"nginx","ports":[{"name":"http","containerPort":8080}],
         "resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}""".formatted(i, i % services));
    double createdSeconds = seconds(t2);
    int perService = pods / services;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(120, pods / 50));
    long slicesConverged = 0;
    while (System.nanoTime() < deadline && (podWatch.scheduled.size() < pods || podWatch.running.size() < pods
        || slicesConverged == 0)) {
      if (slicesConverged == 0 && sliceWatch.convergedServices(perService) >= services) slicesConverged = System.nanoTime();
      Thread.sleep(200);
    }
    if (slicesConverged == 0) slicesConverged = System.nanoTime();
    podWatcher.interrupt();
    sliceWatcher.interrupt();
    double scheduledSeconds = (podWatch.lastScheduled.get() - t2) / 1e9;
    double schedulingWindow = (podWatch.lastScheduled.get() - podWatch.firstScheduled.get()) / 1e9;
    double runningSeconds = (podWatch.lastRunning.get() - t2) / 1e9;
    double slicesSeconds = (slicesConverged - t2) / 1e9;
    System.out.printf(("{\"bench\":\"controlplane\",\"nodes\":%d,\"services\":%d,\"pods\":%d,\"concurrency\":%d,"
            + "\"nodesReadySeconds\":%.1f,\"servicesCreatedSeconds\":%.1f,\"servicesPerSecond\":%.0f,\"clusterIpProblems\":%d,"
            + "\"podsCreatedSeconds\":%.1f,\"podsCreatedPerSecond\":%.0f,\"podsScheduled\":%d,\"allScheduledSeconds\":%.1f,"
            + "\"scheduledPerSecond\":%.0f,\"schedulingWindowPerSecond\":%.0f,\"podsRunning\":%d,\"allRunningSeconds\":%.1f,"
            + "\"servicesWithAllEndpoints\":%d,\"slicesConvergedSeconds\":%.1f}%n"),
        nodes, services, pods, concurrency, nodesSeconds, servicesSeconds, services / servicesSeconds, duplicateIps.get(),
        createdSeconds, pods / createdSeconds, podWatch.scheduled.size(), scheduledSeconds, podWatch.scheduled.size() / scheduledSeconds,
        podWatch.scheduled.size() / Math.max(schedulingWindow, 1e-3), podWatch.running.size(), runningSeconds,
        sliceWatch.convergedServices(perService), slicesSeconds);
  }

  private static double seconds(long since) { return (System.nanoTime() - since) / 1e9; }

  private void burst(int count, IntFunction<String> path, IntFunction<String> body) throws Exception {
    burstWithResponse(count, path, body, b -> {});
  }

  /** POSTs {@code count} objects from {@code concurrency} clients; a 429/5xx/conflict is retried. */
  private void burstWithResponse(int count, IntFunction<String> path, IntFunction<String> body,
      java.util.function.Consumer<JsonNode> created) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    for (int t = 0; t < concurrency; t++) {
      pool.execute(() -> {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
          for (int attempt = 0; attempt < 5; attempt++) {
            try {
              HttpResponse<String> r = client.post(path.apply(i), body.apply(i));
              if (r.statusCode() == 201) {
                created.accept(JSON.readTree(r.body()));
                break;
              }
              if (r.statusCode() == 409) break; // exists (a retried create that went through)
              failures.incrementAndGet();
              if (failures.get() < 5) System.err.println("bench: create failed: " + r.statusCode() + " " + r.body());
            } catch (Exception e) {
              failures.incrementAndGet();
            }
          }
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.HOURS);
  }

  private String listRevision(String path) throws Exception {
    return JSON.readTree(client.get(path + "?limit=1").body()).path("metadata").path("resourceVersion").asText();
  }

  private void awaitCount(String path, java.util.function.Predicate<JsonNode> ok, int wanted, int timeoutSeconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < deadline) {
      int n = 0;
      for (JsonNode item : JSON.readTree(client.get(path).body()).path("items")) if (ok.test(item)) n++;
      if (n >= wanted) return;
      Thread.sleep(500);
    }
    throw new IllegalStateException("timed out waiting for " + wanted + " of " + path);
  }

  private Thread watch(String path, java.util.function.Consumer<JsonNode> onEvent) {
    Thread t = new Thread(() -> {
      try {
        HttpResponse<Stream<String>> r = client.http.send(HttpRequest.newBuilder(URI.create(client.base + path)).GET().build(),
            HttpResponse.BodyHandlers.ofLines());
        r.body().forEach(line -> {
          try {
            onEvent.accept(JSON.readTree(line));
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
      } catch (Exception e) {
        if (!Thread.currentThread().isInterrupted()) System.err.println("bench: watch " + path + " ended: " + e);
      }
    }, "watch");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** When each pod got its node and when it ran. */
  static final class PodWatch {
    final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    final Set<String> running = ConcurrentHashMap.newKeySet();
    final AtomicLong firstScheduled = new AtomicLong();
    final AtomicLong lastScheduled = new AtomicLong();
    final AtomicLong lastRunning = new AtomicLong();

    void event(JsonNode e) {
      JsonNode pod = e.path("object");
      String name = pod.path("metadata").path("name").asText();
      if (!name.startsWith("bench-pod-")) return;
      long now = System.nanoTime();
      if (!pod.path("spec").path("nodeName").asText("").isEmpty() && scheduled.add(name)) {
        firstScheduled.compareAndSet(0, now);
        lastScheduled.set(now);
      }
      if ("Running".equals(pod.path("status").path("phase").asText()) && running.add(name)) lastRunning.set(now);
    }
  }

  /** Ready endpoints per service, over all of its slices. */
  static final class SliceWatch {
    final Map<String, Map<String, Integer>> readyBySliceByService = new ConcurrentHashMap<>();
    final AtomicLong lastChange = new AtomicLong();

    void event(JsonNode e) {
      JsonNode slice = e.path("object");
      String service = slice.path("metadata").path("labels").path("kubernetes.io/service-name").asText("");
      if (!service.startsWith("bench-svc-")) return;
      int ready = 0;
      if (!"DELETED".equals(e.path("type").asText())) {
        for (JsonNode ep : slice.path("endpoints")) if (ep.path("conditions").path("ready").asBoolean(false)) ready++;
      }
      readyBySliceByService.computeIfAbsent(service, k -> new ConcurrentHashMap<>()).put(slice.path("metadata").path("name").asText(), ready);
      lastChange.set(System.nanoTime());
    }

    int convergedServices(int wanted) {
      int n = 0;
      for (Map<String, Integer> slices : readyBySliceByService.values()) {
        if (slices.values().stream().mapToInt(Integer::intValue).sum() >= wanted) n++;
      }
      return n;
    }
  }
}
