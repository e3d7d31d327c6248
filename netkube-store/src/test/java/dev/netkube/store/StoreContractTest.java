package dev.netkube.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every Store backend must share; each backend runs it against a real instance. */
public abstract class StoreContractTest {
  protected Store store;

  /** A fresh, empty key space (revisions may be shared with other tests). */
  protected abstract Store openStore() throws Exception;

  @BeforeEach
  void openFreshStore() throws Exception {
    store = openStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static byte[] b(String s) { return s.getBytes(UTF_8); }

  static String s(byte[] b) { return new String(b, UTF_8); }

  // ---- create / get / update / delete ----

  @Test
  void createReturnsTheNewRevisionAsBothCreateAndModRevision() {
    long before = store.currentRevision();
    KeyValue kv = store.create("/registry/pods/default/a", b("v1"));
    assertThat(kv.key()).isEqualTo("/registry/pods/default/a");
    assertThat(s(kv.value())).isEqualTo("v1");
    assertThat(kv.modRevision()).isGreaterThan(before).isEqualTo(kv.createRevision());
    assertThat(store.currentRevision()).isEqualTo(kv.modRevision());
    KeyValue got = store.get("/registry/pods/default/a").orElseThrow();
    assertThat(s(got.value())).isEqualTo("v1");
    assertThat(got.modRevision()).isEqualTo(kv.modRevision());
    assertThat(got.createRevision()).isEqualTo(kv.createRevision());
  }

  @Test
  void getOfAMissingKeyIsEmpty() {
    assertThat(store.get("/registry/pods/default/none")).isEmpty();
  }

  @Test
  void createOfAnExistingKeyFailsWithKeyExistsAndWritesNothing() {
    KeyValue first = store.create("/registry/pods/default/a", b("v1"));
    assertThatThrownBy(() -> store.create("/registry/pods/default/a", b("v2")))
        .isInstanceOf(StoreException.KeyExists.class)
        .hasMessage("/registry/pods/default/a");
    assertThat(store.currentRevision()).isEqualTo(first.modRevision());
    assertThat(s(store.get("/registry/pods/default/a").orElseThrow().value())).isEqualTo("v1");
  }

  @Test
  void updateAtTheCurrentRevisionReplacesTheValueAndKeepsCreateRevision() {
    KeyValue created = store.create("/registry/pods/default/a", b("v1"));
    KeyValue updated = store.update("/registry/pods/default/a", b("v2"), created.modRevision());
    assertThat(updated.modRevision()).isGreaterThan(created.modRevision());
    assertThat(updated.createRevision()).isEqualTo(created.createRevision());
    assertThat(s(updated.value())).isEqualTo("v2");
    assertThat(store.get("/registry/pods/default/a").orElseThrow())
        .satisfies(kv -> assertThat(s(kv.value())).isEqualTo("v2"))
        .satisfies(kv -> assertThat(kv.modRevision()).isEqualTo(updated.modRevision()));
  }

  @Test
  void updateAtAStaleRevisionFailsWithConflictCarryingTheCurrentValue() {
    KeyValue created = store.create("/registry/pods/default/a", b("v1"));
    KeyValue updated = store.update("/registry/pods/default/a", b("v2"), created.modRevision());
    assertThatThrownBy(() -> store.update("/registry/pods/default/a", b("v3"), created.modRevision()))
        .isInstanceOfSatisfying(StoreException.Conflict.class, c -> {
          assertThat(c.current().modRevision()).isEqualTo(updated.modRevision());
          assertThat(s(c.current().value())).isEqualTo("v2");
        });
    assertThat(store.currentRevision()).isEqualTo(updated.modRevision());
  }

  @Test
  void updateOrDeleteOfAMissingKeyFailsWithNotFound() {
    assertThatThrownBy(() -> store.update("/registry/pods/default/none", b("v"), 5))
        .isInstanceOf(StoreException.NotFound.class).hasMessage("/registry/pods/default/none");
    assertThatThrownBy(() -> store.delete("/registry/pods/default/none", 0))
        .isInstanceOf(StoreException.NotFound.class).hasMessage("/registry/pods/default/none");
  }

  @Test
  void deleteReturnsTheDeletedValueAtTheDeletionRevision() {
    KeyValue created = store.create("/registry/pods/default/a", b("v1"));
    KeyValue deleted = store.delete("/registry/pods/default/a", created.modRevision());
    assertThat(s(deleted.value())).isEqualTo("v1");
    assertThat(deleted.createRevision()).isEqualTo(created.createRevision());
    assertThat(deleted.modRevision()).isGreaterThan(created.modRevision()).isEqualTo(store.currentRevision());
    assertThat(store.get("/registry/pods/default/a")).isEmpty();
    assertThatThrownBy(() -> store.update("/registry/pods/default/a", b("v2"), deleted.modRevision()))
        .isInstanceOf(StoreException.NotFound.class);
  }

  @Test
  void deleteAtAStaleRevisionFailsWithConflictAndDeleteAtZeroDeletesAnyRevision() {
    KeyValue created = store.create("/registry/pods/default/a", b("v1"));
    KeyValue updated = store.update("/registry/pods/default/a", b("v2"), created.modRevision());
    assertThatThrownBy(() -> store.delete("/registry/pods/default/a", created.modRevision()))
        .isInstanceOfSatisfying(StoreException.Conflict.class,
            c -> assertThat(c.current().modRevision()).isEqualTo(updated.modRevision()));
    assertThat(s(store.delete("/registry/pods/default/a", 0).value())).isEqualTo("v2");
    assertThat(store.get("/registry/pods/default/a")).isEmpty();
  }

  @Test
  void aKeyCreatedAgainAfterDeletionHasANewCreateRevision() {
    KeyValue first = store.create("/registry/pods/default/a", b("v1"));
    store.delete("/registry/pods/default/a", 0);
    KeyValue second = store.create("/registry/pods/default/a", b("v2"));
    assertThat(second.createRevision()).isGreaterThan(first.createRevision()).isEqualTo(second.modRevision());
    assertThat(s(store.get("/registry/pods/default/a").orElseThrow().value())).isEqualTo("v2");
  }

  @Test
  void revisionsAreGlobalAndStrictlyIncreasingAcrossKeys() {
    List<Long> revisions = new ArrayList<>();
    revisions.add(store.create("/registry/pods/default/a", b("1")).modRevision());
    revisions.add(store.create("/registry/configmaps/default/b", b("1")).modRevision());
    revisions.add(store.update("/registry/pods/default/a", b("2"), revisions.get(0)).modRevision());
    revisions.add(store.delete("/registry/configmaps/default/b", 0).modRevision());
    revisions.add(store.create("/registry/secrets/default/c", b("1")).modRevision());
    for (int i = 1; i < revisions.size(); i++) {
      assertThat(revisions.get(i)).isEqualTo(revisions.get(i - 1) + 1);
    }
    assertThat(store.currentRevision()).isEqualTo(revisions.get(revisions.size() - 1));
  }

  // ---- list ----

  @Test
  void listReturnsKeysUnderThePrefixInKeyOrderAndCountCountsThem() {
    store.create("/registry/pods/ns/b", b("b"));
    store.create("/registry/pods/ns/a", b("a"));
    store.create("/registry/pods/ns/c", b("c"));
    store.create("/registry/pods/ns2/x", b("x"));
    store.create("/registry/podsecurity/y", b("y"));
    store.create("/registry/pods/ns/d", b("d"));
    store.delete("/registry/pods/ns/d", 0);
    ListResult all = store.list("/registry/pods/ns/", null, 0, 0);
    assertThat(all.items()).extracting(KeyValue::key)
        .containsExactly("/registry/pods/ns/a", "/registry/pods/ns/b", "/registry/pods/ns/c");
    assertThat(all.more()).isFalse();
    assertThat(all.revision()).isEqualTo(store.currentRevision());
    assertThat(store.list("/registry/pods/", null, 0, 0).items()).extracting(KeyValue::key)
        .containsExactly("/registry/pods/ns/a", "/registry/pods/ns/b", "/registry/pods/ns/c", "/registry/pods/ns2/x");
    assertThat(store.count("/registry/pods/ns/")).isEqualTo(3);
    assertThat(store.count("/registry/pods/")).isEqualTo(4);
    assertThat(store.count("/registry/none/")).isZero();
  }

  @Test
  void listPagesAtTheRevisionOfTheFirstPageWhileWritesContinue() {
    for (int i = 0; i < 10; i++) {
      store.create("/registry/pods/ns/p" + i, b("v1-" + i));
    }
    ListResult first = store.list("/registry/pods/ns/", null, 4, 0);
    assertThat(first.items()).extracting(KeyValue::key)
        .containsExactly("/registry/pods/ns/p0", "/registry/pods/ns/p1", "/registry/pods/ns/p2", "/registry/pods/ns/p3");
    assertThat(first.more()).isTrue();
    long rv = first.revision();

    // Writes after the first page must not show in later pages at the same revision.
    store.delete("/registry/pods/ns/p5", 0);
    store.update("/registry/pods/ns/p6", b("v2"), store.get("/registry/pods/ns/p6").orElseThrow().modRevision());
    store.create("/registry/pods/ns/p45", b("new"));

    ListResult second = store.list("/registry/pods/ns/", "/registry/pods/ns/p3", 4, rv);
    assertThat(second.revision()).isEqualTo(rv);
    assertThat(second.items()).extracting(KeyValue::key)
        .containsExactly("/registry/pods/ns/p4", "/registry/pods/ns/p5", "/registry/pods/ns/p6", "/registry/pods/ns/p7");
    assertThat(s(second.items().get(2).value())).isEqualTo("v1-6");
    assertThat(second.more()).isTrue();
    ListResult third = store.list("/registry/pods/ns/", "/registry/pods/ns/p7", 4, rv);
    assertThat(third.items()).extracting(KeyValue::key).containsExactly("/registry/pods/ns/p8", "/registry/pods/ns/p9");
    assertThat(third.more()).isFalse();

    ListResult latest = store.list("/registry/pods/ns/", "/registry/pods/ns/p3", 4, 0);
    assertThat(latest.items()).extracting(KeyValue::key)
        .containsExactly("/registry/pods/ns/p4", "/registry/pods/ns/p45", "/registry/pods/ns/p6", "/registry/pods/ns/p7");
    assertThat(s(latest.items().get(2).value())).isEqualTo("v2");
  }

  @Test
  void aPageExactlyAtTheLimitSaysNoMore() {
    store.create("/registry/pods/ns/a", b("a"));
    store.create("/registry/pods/ns/b", b("b"));
    ListResult page = store.list("/registry/pods/ns/", null, 2, 0);
    assertThat(page.items()).hasSize(2);
    assertThat(page.more()).isFalse();
  }

  // ---- watch ----

  @Test
  void watchReplaysHistoryThenDeliversLiveChangesInRevisionOrderUnderThePrefix() {
    long start = store.currentRevision();
    KeyValue a1 = store.create("/registry/pods/ns/a", b("a1"));
    store.create("/registry/configmaps/ns/other", b("x"));
    KeyValue a2 = store.update("/registry/pods/ns/a", b("a2"), a1.modRevision());
    KeyValue gone = store.delete("/registry/pods/ns/a", 0);

    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    try (Store.Watch w = store.watch("/registry/pods/", start, events::add, errors::add)) {
      KeyValue b1 = store.create("/registry/pods/ns/b", b("b1"));
      store.create("/registry/configmaps/ns/other2", b("y"));
      KeyValue b2 = store.update("/registry/pods/ns/b", b("b2"), b1.modRevision());
      await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 5);

      assertThat(events).extracting(WatchEvent::type).containsExactly(
          WatchEvent.Type.CREATED, WatchEvent.Type.UPDATED, WatchEvent.Type.DELETED,
          WatchEvent.Type.CREATED, WatchEvent.Type.UPDATED);
      assertThat(events).extracting(WatchEvent::revision).containsExactly(
          a1.modRevision(), a2.modRevision(), gone.modRevision(), b1.modRevision(), b2.modRevision());
      assertThat(events.get(0).previous()).isNull();
      assertThat(s(events.get(1).previous().value())).isEqualTo("a1");
      assertThat(events.get(1).previous().modRevision()).isEqualTo(a1.modRevision());
      WatchEvent deleted = events.get(2);
      assertThat(deleted.kv().key()).isEqualTo("/registry/pods/ns/a");
      assertThat(s(deleted.kv().value())).isEqualTo("a2");
      assertThat(deleted.kv().createRevision()).isEqualTo(a1.createRevision());
      assertThat(s(deleted.previous().value())).isEqualTo("a2");
      assertThat(deleted.previous().modRevision()).isEqualTo(a2.modRevision());
      assertThat(s(events.get(4).kv().value())).isEqualTo("b2");
      assertThat(errors).isEmpty();
    }
  }

  @Test
  void watchFromARevisionSkipsEarlierChanges() {
    KeyValue a = store.create("/registry/pods/ns/a", b("a"));
    KeyValue b = store.create("/registry/pods/ns/b", b("b"));
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    try (Store.Watch w = store.watch("/registry/pods/", a.modRevision(), events::add, e -> {})) {
      KeyValue c = store.create("/registry/pods/ns/c", b("c"));
      await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 2);
      assertThat(events).extracting(WatchEvent::revision).containsExactly(b.modRevision(), c.modRevision());
    }
  }

  @Test
  void liveEventsKeepRevisionOrderUnderConcurrentWriters() throws Exception {
    List<WatchEvent> events = Collections.synchronizedList(new ArrayList<>());
    try (Store.Watch w = store.watch("/registry/pods/", store.currentRevision(), events::add, e -> {})) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          done.add(pool.submit(() -> {
            for (int i = 0; i < 10; i++) {
              store.create("/registry/pods/ns/t" + thread + "-" + i, b("v"));
            }
          }));
        }
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 40);
      List<Long> revisions = events.stream().map(WatchEvent::revision).toList();
      assertThat(revisions).isSorted().doesNotHaveDuplicates().hasSize(40);
    }
  }

  @Test
  void aClosedWatchReceivesNoMoreEvents() {
    List<WatchEvent> closedEvents = new CopyOnWriteArrayList<>();
    List<WatchEvent> openEvents = new CopyOnWriteArrayList<>();
    long start = store.currentRevision();
    Store.Watch closed = store.watch("/registry/pods/", start, closedEvents::add, e -> {});
    try (Store.Watch open = store.watch("/registry/pods/", start, openEvents::add, e -> {})) {
      closed.close();
      store.create("/registry/pods/ns/a", b("a"));
      await().atMost(Duration.ofSeconds(10)).until(() -> openEvents.size() == 1);
      assertThat(closedEvents).isEmpty();
    }
  }

  // ---- compaction ----

  @Test
  void compactionKeepsLatestValuesAndRejectsOlderReadsAndWatchesWithCompacted() {
    KeyValue a1 = store.create("/registry/pods/ns/a", b("a1"));
    KeyValue a2 = store.update("/registry/pods/ns/a", b("a2"), a1.modRevision());
    KeyValue c = store.create("/registry/pods/ns/c", b("c"));
    store.delete("/registry/pods/ns/c", 0);
    KeyValue d = store.create("/registry/pods/ns/d", b("d"));
    long compactAt = d.modRevision();

    store.compact(compactAt);

    assertThat(store.compactedRevision()).isGreaterThanOrEqualTo(compactAt);
    assertThat(store.list("/registry/pods/ns/", null, 0, 0).items()).extracting(kv -> s(kv.value()))
        .containsExactly("a2", "d");
    assertThat(store.list("/registry/pods/ns/", null, 0, compactAt).items()).extracting(KeyValue::key)
        .containsExactly("/registry/pods/ns/a", "/registry/pods/ns/d");
    assertThat(store.get("/registry/pods/ns/a").orElseThrow().modRevision()).isEqualTo(a2.modRevision());
    assertThatThrownBy(() -> store.list("/registry/pods/ns/", null, 0, c.modRevision()))
        .isInstanceOf(StoreException.Compacted.class);
    assertThatThrownBy(() -> store.watch("/registry/pods/", a1.modRevision(), e -> {}, e -> {}))
        .isInstanceOfSatisfying(StoreException.Compacted.class, e -> {
          assertThat(e.requested()).isEqualTo(a1.modRevision());
          assertThat(e.compacted()).isGreaterThanOrEqualTo(compactAt);
        });

    // Watching from the compacted revision itself still works.
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    try (Store.Watch w = store.watch("/registry/pods/", store.compactedRevision(), events::add, e -> {})) {
      KeyValue e = store.create("/registry/pods/ns/e", b("e"));
      await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 1);
      assertThat(events.get(0).revision()).isEqualTo(e.modRevision());
    }
    // Updates still see the right revision after compaction.
    assertThat(store.update("/registry/pods/ns/a", b("a3"), a2.modRevision()).createRevision())
        .isEqualTo(a1.createRevision());
  }

  // ---- concurrency ----

  @Test
  void concurrentReadModifyWriteLosesNoUpdate() throws Exception {
    store.create("/registry/counters/c", b("0"));
    int threads = 4;
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Integer>> conflicts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        conflicts.add(pool.submit(() -> {
          go.await();
          int conflictCount = 0;
          for (int i = 0; i < perThread; i++) {
            while (true) {
              KeyValue current = store.get("/registry/counters/c").orElseThrow();
              int next = Integer.parseInt(s(current.value())) + 1;
              try {
                store.update("/registry/counters/c", b(Integer.toString(next)), current.modRevision());
                break;
              } catch (StoreException.Conflict e) {
                conflictCount++;
              }
            }
          }
          return conflictCount;
        }));
      }
      go.countDown();
      for (Future<Integer> f : conflicts) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(s(store.get("/registry/counters/c").orElseThrow().value())).isEqualTo(Integer.toString(threads * perThread));
  }

  @Test
  void concurrentCreatesOfOneKeyHaveExactlyOneWinner() throws Exception {
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Boolean>> wins = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        wins.add(pool.submit(() -> {
          go.await();
          try {
            store.create("/registry/leases/one", b("t" + thread));
            return true;
          } catch (StoreException.KeyExists e) {
            return false;
          }
        }));
      }
      go.countDown();
      int winners = 0;
      for (Future<Boolean> f : wins) {
        winners += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aListAtAFutureRevisionIsRejected() {
    store.create("/registry/pods/ns/a", b("a"));
    long future = store.currentRevision() + 100;
    assertThatThrownBy(() -> store.list("/registry/pods/", null, 0, future))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mvcc: required revision is a future revision");
  }

  // ---- close ----

  @Test
  void closingTheStoreEndsItsWatchesThroughOnError() {
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    store.watch("/registry/pods/", store.currentRevision(), e -> {}, errors::add);
    store.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> !errors.isEmpty());
    assertThat(errors).singleElement().isInstanceOf(StoreException.Unavailable.class)
        .extracting(Throwable::getMessage).isEqualTo("the store is closed");
  }

  @Test
  void aClosedStoreRejectsCallsWithUnavailable() {
    store.create("/registry/pods/ns/a", b("a"));
    store.close();
    assertThatThrownBy(() -> store.get("/registry/pods/ns/a")).isInstanceOf(StoreException.Unavailable.class);
    assertThatThrownBy(() -> store.create("/registry/pods/ns/b", b("b"))).isInstanceOf(StoreException.Unavailable.class);
  }
}
