package dev.netkube.store.sqlite;

import dev.netkube.store.ListResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Manual measurement, not a test: raw SQLite commit (fsync) rate on this disk, SqliteStore
 * sequential creates, and prefix lists of 1,000 keys among 10,000. Usage: SqliteBenchmark DIR
 */
public final class SqliteBenchmark {
  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "/tmp/netkube-bench"));
    int n = 2000;

    Path raw = dir.resolve("raw.db");
    Files.deleteIfExists(raw);
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + raw, config.toProperties())) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          ps.setBytes(1, new byte[100]);
          ps.executeUpdate(); // autocommit: one transaction, one WAL fsync each
        }
        report("raw SQLite single-row commits (WAL, synchronous=FULL)", n, t0);
      }
    }

    Path db = dir.resolve("store.db");
    Files.deleteIfExists(db);
    Files.deleteIfExists(dir.resolve("store.db-wal"));
    Files.deleteIfExists(dir.resolve("store.db-shm"));
    byte[] value = new byte[1000];
    try (SqliteStore store = SqliteStore.open(db)) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 10_000; i++) {
        // 1,000 keys under /registry/pods/big/, the rest spread over other prefixes
        String key = i % 10 == 0 ? "/registry/pods/big/pod-" + i : "/registry/configmaps/ns" + (i % 7) + "/cm-" + i;
        store.create(key, value);
      }
      report("SqliteStore sequential creates (1 KB values)", 10_000, t0);

      for (int round = 0; round < 3; round++) {
        long t1 = System.nanoTime();
        ListResult all = store.list("/registry/pods/big/", null, 0, 0);
        System.out.printf("list of %d keys under a prefix among 10,000: %.1f ms%n", all.items().size(), ms(t1));
        long t2 = System.nanoTime();
        int pages = 0;
        int items = 0;
        String after = null;
        long rv = 0;
        do {
          ListResult page = store.list("/registry/pods/big/", after, 100, rv);
          rv = page.revision();
          items += page.items().size();
          pages++;
          after = page.more() ? page.items().get(page.items().size() - 1).key() : null;
        } while (after != null);
        System.out.printf("paged list (limit 100): %d pages, %d keys, %.1f ms total%n", pages, items, ms(t2));
        long t3 = System.nanoTime();
        long count = store.count("/registry/pods/big/");
        System.out.printf("count = %d: %.1f ms%n", count, ms(t3));
      }
      long t4 = System.nanoTime();
      for (int i = 0; i < 10_000; i++) {
        store.get("/registry/pods/big/pod-" + (i / 10 * 10));
      }
      report("get", 10_000, t4);

      int threads = 8;
      int perThread = 1000;
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
      long t5 = System.nanoTime();
      java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            store.create("/registry/leases/t" + thread + "/l" + i, value);
          }
        }));
      }
      for (java.util.concurrent.Future<?> f : futures) {
        f.get();
      }
      report("SqliteStore creates from " + threads + " concurrent threads (group commit)", threads * perThread, t5);
      pool.shutdown();
    }
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  private static void report(String what, int n, long t0) {
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("%s: %d in %.2f s = %.0f/s%n", what, n, seconds, n / seconds);
  }
}
