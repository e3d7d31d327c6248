package dev.netkube.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmarks of the API server that need a programmable client; bench/apiserver.sh runs them
 * against a running server and prints each result as one JSON line.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    switch (args.length == 0 ? "" : args[0]) {
      case "writes" -> writes(Path.of(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      case "controlplane" -> ControlPlaneBench.run(Path.of(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
          Integer.parseInt(args[5]), Integer.parseInt(args[6]));
      case "pods-startup" -> PodStartupBench.run(Path.of(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      case "proxy-sync" -> ProxySyncBench.run(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      case "iptables-sync" -> IptablesSyncBench.run(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      case "userspace-serve" -> UserspaceServeBench.run();
      case "proxy-objects" -> ProxyObjectsBench.run(Path.of(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      case "scheduler-core" -> SchedulerCoreBench.run(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "sqlite-fsync" -> sqliteFsync(Path.of(args[1]), Integer.parseInt(args[2]));
      case "watch-fanout" -> watchFanout(Path.of(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      default -> {
        System.err.println("usage: Bench writes PKI URL SECONDS CONCURRENCY | sqlite-fsync DIR SECONDS | proxy-sync NETNS N ROUNDS | iptables-sync NETNS N ROUNDS | userspace-serve | proxy-objects PKI URL N CONCURRENCY"
            + " | watch-fanout PKI URL WATCHERS WRITES | controlplane PKI URL NODES SERVICES PODS CONCURRENCY"
            + " | scheduler-core NODES PODS");
        System.exit(2);
      }
    }
  }

  /** ConfigMap creates per second with {@code concurrency} clients, each waiting for its ack. */
  static void writes(Path pki, String url, int seconds, int concurrency) throws Exception {
    AdminClient client = new AdminClient(pki, url);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      int id = t;
      Thread th = new Thread(() -> {
        for (int i = 0; System.nanoTime() < end; i++) {
          String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"w-" + id + "-" + i
              + "\"},\"data\":{\"k\":\"v\"}}";
          long t0 = System.nanoTime();
          try {
            HttpResponse<String> r = client.post("/api/v1/namespaces/default/configmaps", body);
            if (r.statusCode() == 201) ok.incrementAndGet(); else failed.incrementAndGet();
          } catch (Exception e) {
            failed.incrementAndGet();
          }
          latencies.add(System.nanoTime() - t0);
        }
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) th.join();
    System.out.printf("{\"bench\":\"writes\",\"concurrency\":%d,\"writesPerSecond\":%.1f,\"failed\":%d,\"p50ms\":%.2f,"
        + "\"p99ms\":%.2f}%n", concurrency, ok.get() / (double) seconds, failed.get(), pct(latencies, 50),
        pct(latencies, 99));
  }

  /** The limit for durable writes: single-row commits per second on this disk, WAL + synchronous=FULL. */
  static void sqliteFsync(Path dir, int seconds) throws Exception {
    Files.createDirectories(dir);
    Path db = dir.resolve("fsync-probe.db");
    Files.deleteIfExists(db);
    int n = 0;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v BLOB)");
      }
      byte[] value = new byte[300];
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
        while (System.nanoTime() < end) {
          ps.setBytes(1, value);
          ps.executeUpdate();
          n++;
        }
      }
    } finally {
      for (String suffix : new String[] {"", "-wal", "-shm"}) Files.deleteIfExists(dir.resolve("fsync-probe.db" + suffix));
    }
    System.out.printf("{\"bench\":\"sqlite-fsync\",\"commitsPerSecond\":%.1f}%n", n / (double) seconds);
  }

  /** Latency from a write's acknowledgement to its event at each of {@code watchers} watch streams. */
  static void watchFanout(Path pki, String url, int watchers, int writes) throws Exception {
    AdminClient client = new AdminClient(pki, url);
    String ns = "bench-watch-" + watchers;
    client.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}");
    String rv = client.get("/api/v1/namespaces/" + ns + "/configmaps").body()
        .replaceAll("(?s).*\"resourceVersion\":\"(\\d+)\".*", "$1");
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(watchers);
    CountDownLatch started = new CountDownLatch(watchers);
    AtomicLong delivered = new AtomicLong();
    List<InputStream> streams = Collections.synchronizedList(new ArrayList<>());
    for (int w = 0; w < watchers; w++) {
      Thread th = new Thread(() -> {
        try {
          HttpResponse<InputStream> r = client.http.send(HttpRequest.newBuilder(
              URI.create(url + "/api/v1/namespaces/" + ns + "/configmaps?watch=1&resourceVersion=" + rv)).build(),
              HttpResponse.BodyHandlers.ofInputStream());
          streams.add(r.body());
          started.countDown();
          BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
          int seen = 0;
          for (String line; seen < writes && (line = in.readLine()) != null; ) {
            long now = System.nanoTime();
            String name = line.replaceAll(".*\"name\":\"(b-\\d+)\".*", "$1");
            Long t0 = sentAt.get(name);
            if (t0 != null) latencies.add(now - t0);
            seen++;
            delivered.incrementAndGet();
          }
        } catch (Exception e) {
          started.countDown();
        } finally {
          done.countDown();
        }
      });
      th.setDaemon(true);
      th.start();
    }
    started.await(30, TimeUnit.SECONDS);
    Thread.sleep(500);
    long t0 = System.nanoTime();
    for (int i = 0; i < writes; i++) {
      String name = "b-" + i;
      sentAt.put(name, System.nanoTime());
      client.post("/api/v1/namespaces/" + ns + "/configmaps",
          "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"}}");
    }
    done.await(120, TimeUnit.SECONDS);
    double secs = (System.nanoTime() - t0) / 1e9;
    for (InputStream s : streams) s.close();
    System.out.printf("{\"bench\":\"watch-fanout\",\"watchers\":%d,\"writes\":%d,\"delivered\":%d,"
        + "\"eventsPerSecond\":%.0f,\"p50ms\":%.2f,\"p99ms\":%.2f}%n", watchers, writes, delivered.get(),
        delivered.get() / secs, pct(latencies, 50), pct(latencies, 99));
  }

  private static double pct(List<Long> nanos, int p) {
    if (nanos.isEmpty()) return Double.NaN;
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int idx = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
    return sorted.get(Math.max(idx, 0)) / 1e6;
  }
}
