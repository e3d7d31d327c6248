package dev.netkube.store.sqlite;

import dev.netkube.store.KeyValue;
import dev.netkube.store.ListResult;
import dev.netkube.store.Store;
import dev.netkube.store.StoreException;
import dev.netkube.store.WatchEvent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The embedded store, after kine (k3s's etcd on SQLite): one table where every write is a row
 * and the autoincrement id is the global revision. One in-process writer serializes writes and
 * commits them (grouped when several wait) with WAL + synchronous=FULL, so a write that returned
 * survives kill -9 and power loss. Reads run on a small pool of reader connections, each query in
 * its own WAL snapshot. Watches are fed by the writer, after history replayed from the table.
 */
public final class SqliteStore implements Store {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);

  /**
   * @param compactInterval how often history is compacted (kine: 5 minutes)
   * @param retainedRevisions how many latest revisions periodic compaction keeps (kine: 1000)
   * @param readers number of reader connections
   */
  public record Options(Duration compactInterval, long retainedRevisions, int readers) {
    public static Options defaults() { return new Options(Duration.ofMinutes(5), 1000, 4); }
  }

  private static final int COMPACT_BATCH = 1000;

  private final Path file;
  private final FileChannel lockChannel;
  private final FileLock fileLock;
  private final Connection writer;
  private final BlockingQueue<Connection> readers;
  private final List<Connection> allReaders;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final CopyOnWriteArrayList<LocalWatch> watches = new CopyOnWriteArrayList<>();
  private final ExecutorService watchExecutor = Executors.newCachedThreadPool(daemon("netkube-sqlite-watch"));
  private final ScheduledExecutorService compactor = Executors.newSingleThreadScheduledExecutor(daemon("netkube-sqlite-compact"));
  private volatile long currentRevision;
  private volatile long compactedRevision;
  private volatile boolean closed;

  public static SqliteStore open(Path file) {
    return open(file, Options.defaults());
  }

  public static SqliteStore open(Path file, Options options) {
    try {
      return new SqliteStore(file, options);
    } catch (SQLException | IOException e) {
      throw new StoreException.Unavailable("cannot open SQLite store " + file + ": " + e.getMessage(), e);
    }
  }

  private SqliteStore(Path file, Options options) throws SQLException, IOException {
    this.file = file;
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    fileLock = tryLock(lockChannel);
    if (fileLock == null) {
      lockChannel.close();
      throw new IOException("the store is in use by another process (lock " + lockFile + ")");
    }
    try {
      writer = connect(false);
      createSchema();
      writer.setAutoCommit(false);
      currentRevision = queryLong(writer, "SELECT seq FROM sqlite_sequence WHERE name = 'kv'");
      compactedRevision = queryLong(writer, "SELECT value FROM meta WHERE name = 'compact_rev'");
      writer.rollback();
      readers = new ArrayBlockingQueue<>(options.readers());
      allReaders = new ArrayList<>();
      for (int i = 0; i < options.readers(); i++) {
        Connection reader = connect(true);
        reader.setAutoCommit(false);
        readers.add(reader);
        allReaders.add(reader);
      }
    } catch (SQLException | RuntimeException e) {
      fileLock.release();
      lockChannel.close();
      throw e;
    }
    long every = options.compactInterval().toMillis();
    compactor.scheduleWithFixedDelay(() -> compactKeeping(options.retainedRevisions()), every, every,
        TimeUnit.MILLISECONDS);
  }

  /** The lock, or null when another process, or another store in this JVM, holds it. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException sameJvm) {
      return null;
    }
  }

  private Connection connect(boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: in WAL mode the WAL is fsynced at every commit, so an acknowledged write is durable.
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(10_000);
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    if (readOnly) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA query_only = 1");
      }
    }
    return c;
  }

  private void createSchema() throws SQLException {
    try (Statement s = writer.createStatement()) {
      s.execute("""
          CREATE TABLE IF NOT EXISTS kv (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            created INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision INTEGER NOT NULL,
            value BLOB NOT NULL,
            old_value BLOB)""");
      // Two writes that both saw the same predecessor cannot both commit (kine's optimistic concurrency).
      s.execute("CREATE UNIQUE INDEX IF NOT EXISTS kv_name_prev_revision ON kv (name, prev_revision)");
      // Latest row of a key, and prefix ranges in key order.
      s.execute("CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id)");
      s.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
    }
  }

  @Override
  public long currentRevision() {
    return currentRevision;
  }

  @Override
  public long compactedRevision() {
    return compactedRevision;
  }

  // ---- reads ----

  @Override
  public Optional<KeyValue> get(String key) {
    return read(c -> {
      Row row = latest(c, key);
      return row == null || row.deleted() ? Optional.<KeyValue>empty() : Optional.of(row.keyValue());
    });
  }

  @Override
  public ListResult list(String prefix, String startAfter, int limit, long revision) {
    long atRevision = revision == 0 ? currentRevision : revision;
    requireNotFuture(atRevision);
    PrefixRange range = PrefixRange.of(prefix);
    boolean afterStart = startAfter != null && startAfter.compareTo(range.start()) >= 0;
    String sql = listSql(range, afterStart);
    return read(c -> {
      requireUncompacted(c, atRevision);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        ps.setString(i++, afterStart ? startAfter : range.start());
        if (range.end().isPresent()) {
          ps.setString(i++, range.end().get());
        }
        ps.setLong(i++, atRevision);
        ps.setLong(i++, atRevision);
        ps.setLong(i, limit > 0 ? limit + 1L : -1L);
        List<KeyValue> items = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            items.add(Row.read(rs).keyValue());
          }
        }
        boolean more = limit > 0 && items.size() > limit;
        return new ListResult(List.copyOf(more ? items.subList(0, limit) : items), atRevision, more);
      }
    });
  }

  /**
   * The latest row of each key at a revision, walked in key order over the (name, id) index so
   * that LIMIT stops the scan early; the correlated MAX is one index seek per row.
   */
  private static String listSql(PrefixRange range, boolean afterStart) {
    return "SELECT " + Row.COLUMNS + " FROM kv AS k WHERE " + (afterStart ? "k.name > ?" : "k.name >= ?")
        + (range.end().isPresent() ? " AND k.name < ?" : "")
        + """
         AND k.id <= ? AND k.deleted = 0
         AND k.id = (SELECT MAX(m.id) FROM kv AS m WHERE m.name = k.name AND m.id <= ?)
        ORDER BY k.name LIMIT ?""";
  }

  /** SQLite's plan for a prefix list, one line per step: lets tests check that lists use indexes. */
  String explainList(String prefix) {
    String sql = "EXPLAIN QUERY PLAN " + listSql(PrefixRange.of(prefix), false);
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, prefix);
        ps.setString(2, PrefixRange.of(prefix).end().orElse(prefix));
        ps.setLong(3, 1);
        ps.setLong(4, 1);
        ps.setLong(5, 1);
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            plan.append(rs.getString(4)).append('\n');
          }
        }
        return plan.toString();
      }
    });
  }

  /** A PRAGMA's value on the writer connection, for tests of the durability settings. */
  String writerPragma(String name) {
    writeLock.lock();
    try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new StoreException.Unavailable(e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public long count(String prefix) {
    PrefixRange range = PrefixRange.of(prefix);
    String sql = "SELECT COUNT(*) FROM kv AS k WHERE k.name >= ?" + (range.end().isPresent() ? " AND k.name < ?" : "")
        + " AND k.deleted = 0 AND k.id = (SELECT MAX(m.id) FROM kv AS m WHERE m.name = k.name)";
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, range.start());
        if (range.end().isPresent()) {
          ps.setString(2, range.end().get());
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  // ---- writes ----

  @Override
  public KeyValue create(String key, byte[] value) {
    return write(() -> {
      Row latest = latest(writer, key);
      if (latest != null && !latest.deleted()) {
        throw new StoreException.KeyExists(key);
      }
      long prev = latest == null ? 0 : latest.id();
      long id = insert(key, true, false, 0, prev, value, null);
      return new Row(key, id, id, true, false, prev, value, null);
    }).keyValue();
  }

  @Override
  public KeyValue update(String key, byte[] value, long expectedRevision) {
    return write(() -> {
      Row latest = existing(key, expectedRevision);
      long id = insert(key, false, false, latest.createRevision(), latest.id(), value, latest.value());
      return new Row(key, id, latest.createRevision(), false, false, latest.id(), value, latest.value());
    }).keyValue();
  }

  @Override
  public KeyValue delete(String key, long expectedRevision) {
    return write(() -> {
      Row latest = existing(key, expectedRevision);
      byte[] none = new byte[0];
      long id = insert(key, false, true, latest.createRevision(), latest.id(), none, latest.value());
      return new Row(key, id, latest.createRevision(), false, true, latest.id(), none, latest.value());
    }).keyValue();
  }

  /** The key's live row, checked against the expected revision (0 = any). */
  private Row existing(String key, long expectedRevision) throws SQLException {
    Row latest = latest(writer, key);
    if (latest == null || latest.deleted()) {
      throw new StoreException.NotFound(key);
    }
    if (expectedRevision != 0 && latest.id() != expectedRevision) {
      throw new StoreException.Conflict(latest.keyValue());
    }
    return latest;
  }

  private long insert(String key, boolean created, boolean deleted, long createRevision, long prevRevision,
      byte[] value, byte[] oldValue) throws SQLException {
    try (PreparedStatement ps = writer.prepareStatement("""
        INSERT INTO kv (name, created, deleted, create_revision, prev_revision, value, old_value)
        VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
      ps.setString(1, key);
      ps.setInt(2, created ? 1 : 0);
      ps.setInt(3, deleted ? 1 : 0);
      ps.setLong(4, createRevision);
      ps.setLong(5, prevRevision);
      ps.setBytes(6, value);
      ps.setBytes(7, oldValue);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private interface WriteAction {
    Row apply() throws SQLException;
  }

  /** A write waiting for a commit; touched only under the writer lock. */
  private static final class PendingWrite {
    final WriteAction action;
    Row row;
    RuntimeException failure;
    boolean done;

    PendingWrite(WriteAction action) { this.action = action; }
  }

  private static final int MAX_GROUP = 256;
  private final ConcurrentLinkedQueue<PendingWrite> pending = new ConcurrentLinkedQueue<>();

  /**
   * Group commit: a write joins the queue, and whichever writer holds the lock commits every
   * queued write in one transaction (one fsync), so concurrent writers share the disk's sync
   * rate instead of queueing for it. A write returns only after the commit that holds it.
   */
  private Row write(WriteAction action) {
    PendingWrite mine = new PendingWrite(action);
    pending.add(mine);
    writeLock.lock();
    try {
      while (!mine.done) {
        if (closed) {
          pending.remove(mine);
          throw new StoreException.Unavailable("the store is closed", null);
        }
        commitGroup();
      }
    } finally {
      writeLock.unlock();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.row;
  }

  /**
   * Applies up to MAX_GROUP queued writes in order in one transaction. A write whose check fails
   * (KeyExists, NotFound, Conflict) writes nothing; later writes in the group see the earlier
   * ones. Outcomes are released only after the commit; if it fails, every write in the group
   * fails as Unavailable. Changes go to the watches under the lock, in revision order.
   */
  private void commitGroup() {
    List<PendingWrite> group = new ArrayList<>();
    for (PendingWrite p; group.size() < MAX_GROUP && (p = pending.poll()) != null; ) {
      group.add(p);
    }
    try {
      boolean wrote = false;
      for (PendingWrite p : group) {
        try {
          p.row = p.action.apply();
          wrote = true;
        } catch (StoreException e) {
          p.failure = e;
        }
      }
      if (wrote) {
        writer.commit();
      } else {
        writer.rollback();
      }
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly();
      StoreException.Unavailable failed = new StoreException.Unavailable("SQLite write failed: " + e.getMessage(), e);
      for (PendingWrite p : group) {
        p.row = null;
        p.failure = failed;
        p.done = true;
      }
      return;
    }
    for (PendingWrite p : group) {
      if (p.row != null) {
        currentRevision = p.row.id();
        publish(p.row);
      }
      p.done = true;
    }
  }

  private void publish(Row row) {
    WatchEvent event = row.event();
    for (LocalWatch w : watches) {
      if (w.matches(row.name())) {
        w.offerLive(event);
      }
    }
  }

  private void rollbackQuietly() {
    try {
      writer.rollback();
    } catch (SQLException e) {
      LOG.warn("rollback failed", e);
    }
  }

  // ---- watch ----

  @Override
  public Watch watch(String prefix, long afterRevision, Consumer<WatchEvent> onEvent, Consumer<Throwable> onError) {
    ensureOpen();
    if (afterRevision < compactedRevision) {
      throw new StoreException.Compacted(afterRevision, compactedRevision);
    }
    LocalWatch[] self = new LocalWatch[1];
    LocalWatch watch = new LocalWatch(prefix, afterRevision, onEvent, onError, watchExecutor,
        () -> watches.remove(self[0]));
    self[0] = watch;
    // Register first, then read history: a write is either in the history or arrives live.
    watches.add(watch);
    try {
      watch.startWith(history(prefix, afterRevision));
    } catch (RuntimeException e) {
      watches.remove(watch);
      throw e;
    }
    return watch;
  }

  private List<WatchEvent> history(String prefix, long afterRevision) {
    PrefixRange range = PrefixRange.of(prefix);
    String sql = "SELECT " + Row.COLUMNS + " FROM kv WHERE id > ? AND name >= ?"
        + (range.end().isPresent() ? " AND name < ?" : "") + " ORDER BY id";
    return read(c -> {
      // Compaction may have run since the check in watch(); this snapshot tells the truth.
      requireUncompacted(c, afterRevision);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, afterRevision);
        ps.setString(2, range.start());
        if (range.end().isPresent()) {
          ps.setString(3, range.end().get());
        }
        List<WatchEvent> events = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            events.add(Row.read(rs).event());
          }
        }
        return events;
      }
    });
  }

  // ---- compaction ----

  @Override
  public void compact(long revision) {
    requireNotFuture(revision);
    long done = compactedRevision;
    while (done < revision) {
      long upTo = Math.min(done + COMPACT_BATCH, revision);
      compactBatch(done, upTo);
      done = upTo;
    }
  }

  /** Periodic compaction: keeps the latest {@code retained} revisions (and every key's latest value). */
  private void compactKeeping(long retained) {
    try {
      long target = currentRevision - retained;
      if (!closed && target > compactedRevision) {
        compact(target);
      }
    } catch (RuntimeException e) {
      LOG.warn("periodic compaction failed", e);
    }
  }

  /**
   * Drops the rows that writes in (from, to] superseded (each write names its predecessor in
   * prev_revision) and the deletion rows in (from, to]; the latest value of every key survives.
   * One batch per transaction keeps the writer lock short.
   */
  private void compactBatch(long from, long to) {
    writeLock.lock();
    try {
      ensureOpen();
      if (compactedRevision >= to) {
        return; // a concurrent compaction got there first
      }
      from = Math.max(from, compactedRevision);
      try (PreparedStatement superseded = writer.prepareStatement(
              "DELETE FROM kv WHERE id IN (SELECT prev_revision FROM kv WHERE id > ? AND id <= ?)");
          PreparedStatement tombstones = writer.prepareStatement(
              "DELETE FROM kv WHERE deleted = 1 AND id > ? AND id <= ?");
          PreparedStatement mark = writer.prepareStatement(
              "INSERT INTO meta (name, value) VALUES ('compact_rev', ?) "
                  + "ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
        superseded.setLong(1, from);
        superseded.setLong(2, to);
        superseded.executeUpdate();
        tombstones.setLong(1, from);
        tombstones.setLong(2, to);
        tombstones.executeUpdate();
        mark.setLong(1, to);
        mark.executeUpdate();
        writer.commit();
        compactedRevision = to;
      } catch (SQLException e) {
        rollbackQuietly();
        throw new StoreException.Unavailable("SQLite compaction failed: " + e.getMessage(), e);
      }
    } finally {
      writeLock.unlock();
    }
  }

  // ---- helpers ----

  private interface ReadAction<T> {
    T apply(Connection c) throws SQLException;
  }

  /** Runs {@code action} in one read transaction (one consistent WAL snapshot) on a pooled reader. */
  private <T> T read(ReadAction<T> action) {
    ensureOpen();
    Connection c;
    try {
      c = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException.Unavailable("interrupted waiting for a reader", e);
    }
    try {
      return action.apply(c);
    } catch (SQLException e) {
      throw new StoreException.Unavailable("SQLite read failed: " + e.getMessage(), e);
    } finally {
      try {
        c.rollback();
      } catch (SQLException e) {
        LOG.warn("ending read transaction failed", e);
      }
      readers.add(c);
    }
  }

  private static Row latest(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + Row.COLUMNS + " FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Row.read(rs) : null;
      }
    }
  }

  private static void requireUncompacted(Connection c, long revision) throws SQLException {
    long compacted = queryLong(c, "SELECT value FROM meta WHERE name = 'compact_rev'");
    if (revision < compacted) {
      throw new StoreException.Compacted(revision, compacted);
    }
  }

  private void requireNotFuture(long revision) {
    if (revision > currentRevision) {
      // etcd's wording (mvcc.ErrFutureRev).
      throw new IllegalArgumentException("mvcc: required revision is a future revision");
    }
  }

  private static long queryLong(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException.Unavailable("the store is closed", null);
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      compactor.shutdownNow();
      StoreException.Unavailable ended = new StoreException.Unavailable("the store is closed", null);
      watches.forEach(w -> w.fail(ended));
      watches.clear();
      closeQuietly(writer);
      allReaders.forEach(SqliteStore::closeQuietly);
      try {
        fileLock.release();
        lockChannel.close();
      } catch (IOException e) {
        LOG.warn("releasing the store lock failed", e);
      }
    } finally {
      writeLock.unlock();
    }
    watchExecutor.shutdown();
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      LOG.warn("closing a connection failed", e);
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

}
