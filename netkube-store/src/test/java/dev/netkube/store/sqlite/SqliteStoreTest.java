package dev.netkube.store.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.netkube.store.KeyValue;
import dev.netkube.store.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the SQLite backend promises: the file, its lock, periodic compaction, indexed lists. */
class SqliteStoreTest {
  @TempDir Path dir;

  @Test
  void reopeningTheFileKeepsDataRevisionsAndTheCompactedRevision() {
    Path db = dir.resolve("state.db");
    KeyValue b;
    try (SqliteStore store = SqliteStore.open(db)) {
      KeyValue a = store.create("/registry/pods/ns/a", "a".getBytes(UTF_8));
      b = store.create("/registry/pods/ns/b", "b".getBytes(UTF_8));
      store.delete("/registry/pods/ns/b", 0);
      store.compact(a.modRevision());
    }
    try (SqliteStore store = SqliteStore.open(db)) {
      assertThat(store.currentRevision()).isEqualTo(b.modRevision() + 1);
      assertThat(store.compactedRevision()).isEqualTo(b.modRevision() - 1);
      assertThat(store.get("/registry/pods/ns/a")).isPresent();
      assertThat(store.get("/registry/pods/ns/b")).isEmpty();
      assertThat(store.create("/registry/pods/ns/c", new byte[0]).modRevision()).isEqualTo(b.modRevision() + 2);
    }
  }

  @Test
  void revisionsKeepGrowingAfterCompactionRemovedTheNewestRows() {
    Path db = dir.resolve("state.db");
    long deletedAt;
    try (SqliteStore store = SqliteStore.open(db)) {
      store.create("/registry/pods/ns/a", new byte[0]);
      deletedAt = store.delete("/registry/pods/ns/a", 0).modRevision();
      store.compact(deletedAt); // removes every row: the tombstone was the newest
    }
    try (SqliteStore store = SqliteStore.open(db)) {
      assertThat(store.currentRevision()).isEqualTo(deletedAt);
      assertThat(store.create("/registry/pods/ns/a", new byte[0]).modRevision()).isEqualTo(deletedAt + 1);
    }
  }

  @Test
  void aSecondStoreOnTheSameFileIsRefusedWhileTheFirstIsOpen() {
    Path db = dir.resolve("state.db");
    try (SqliteStore first = SqliteStore.open(db)) {
      assertThatThrownBy(() -> SqliteStore.open(db))
          .isInstanceOf(StoreException.Unavailable.class)
          .hasMessageContaining("in use by another process");
    }
    SqliteStore.open(db).close();
  }

  @Test
  void periodicCompactionKeepsTheConfiguredNumberOfRevisions() {
    SqliteStore.Options options = new SqliteStore.Options(Duration.ofMillis(50), 5, 2);
    try (SqliteStore store = SqliteStore.open(dir.resolve("state.db"), options)) {
      KeyValue kv = store.create("/registry/pods/ns/a", "0".getBytes(UTF_8));
      for (int i = 1; i <= 20; i++) {
        kv = store.update("/registry/pods/ns/a", Integer.toString(i).getBytes(UTF_8), kv.modRevision());
      }
      long last = kv.modRevision();
      await().atMost(Duration.ofSeconds(10)).until(() -> store.compactedRevision() == last - 5);
      assertThat(new String(store.get("/registry/pods/ns/a").orElseThrow().value(), UTF_8)).isEqualTo("20");
      assertThatThrownBy(() -> store.watch("/registry/", last - 6, e -> {}, e -> {}))
          .isInstanceOf(StoreException.Compacted.class)
          .hasMessage("required revision " + (last - 6) + " has been compacted (compacted at " + (last - 5) + ")");
    }
  }

  @Test
  void theWriterUsesWalWithFullSyncSoEveryCommitIsFsynced() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("state.db"))) {
      assertThat(store.writerPragma("journal_mode")).isEqualTo("wal");
      assertThat(store.writerPragma("synchronous")).isEqualTo("2"); // FULL
    }
  }

  @Test
  void aPrefixListSeeksTheNameIndexInsteadOfScanningTheTable() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("state.db"))) {
      store.create("/registry/pods/ns/a", new byte[0]);
      String plan = store.explainList("/registry/pods/");
      assertThat(plan).contains("SEARCH k USING INDEX kv_name_id (name>? AND name<?)")
          .contains("SEARCH m USING COVERING INDEX kv_name_id (name=? AND id<?)")
          .doesNotContain("SCAN");
    }
  }
}
