package dev.netkube.store.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.netkube.store.KeyValue;
import dev.netkube.store.StoreException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.CompactOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What only the etcd backend has: a shared cluster others may compact, keys under a prefix. */
class EtcdStoreTest {
  private static EtcdServer etcd;

  @BeforeAll
  static void startEtcd() throws Exception {
    etcd = EtcdServer.start();
  }

  @AfterAll
  static void stopEtcd() {
    if (etcd != null) {
      etcd.close();
    }
  }

  @Test
  void keysLiveUnderThePrefixInEtcd() throws Exception {
    try (EtcdStore store = EtcdStore.open(List.of(etcd.clientUrl()), "/netkube-prefix");
        Client raw = Client.builder().endpoints(etcd.clientUrl()).build()) {
      store.create("/registry/pods/ns/a", "a".getBytes(UTF_8));
      var kvs = raw.getKVClient().get(ByteSequence.from("/netkube-prefix/registry/pods/ns/a", UTF_8))
          .get(10, TimeUnit.SECONDS).getKvs();
      assertThat(kvs).singleElement().extracting(kv -> kv.getValue().toString(UTF_8)).isEqualTo("a");
    }
  }

  @Test
  void aCompactionByAnotherClientEndsWatchesAndOldListsWithCompacted() throws Exception {
    try (EtcdStore store = EtcdStore.open(List.of(etcd.clientUrl()), "/netkube-foreign-compaction");
        Client raw = Client.builder().endpoints(etcd.clientUrl()).build()) {
      KeyValue a = store.create("/registry/pods/ns/a", "a".getBytes(UTF_8));
      KeyValue b = store.create("/registry/pods/ns/b", "b".getBytes(UTF_8));
      // Compacted behind the store's back: compact_rev_key is not updated.
      raw.getKVClient().compact(b.modRevision(), CompactOption.builder().withCompactPhysical(true).build())
          .get(10, TimeUnit.SECONDS);

      List<Throwable> errors = new CopyOnWriteArrayList<>();
      store.watch("/registry/pods/", a.modRevision() - 1, e -> {}, errors::add);
      await().atMost(Duration.ofSeconds(10)).until(() -> !errors.isEmpty());
      assertThat(errors.get(0)).isInstanceOfSatisfying(StoreException.Compacted.class, e -> {
        assertThat(e.requested()).isEqualTo(a.modRevision() - 1);
        assertThat(e.compacted()).isEqualTo(b.modRevision());
      });
      assertThatThrownBy(() -> store.list("/registry/pods/", null, 0, a.modRevision()))
          .isInstanceOfSatisfying(StoreException.Compacted.class,
              e -> assertThat(e.requested()).isEqualTo(a.modRevision()));
    }
  }

  @Test
  void aMissingEtcdBinaryFailsWithInstructionsInsteadOfSkipping() {
    assertThatThrownBy(() -> EtcdServer.findBinary("/nonexistent-dir"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("the etcd binary is not on PATH: run the project's test script, which installs it"
            + " (Debian package etcd-server: apt-get install -y etcd-server)");
  }

  @Test
  void anUnreachableEtcdMakesCallsFailWithUnavailable() {
    EtcdStore.Options fast = new EtcdStore.Options(Duration.ofSeconds(2));
    try (EtcdStore store = EtcdStore.open(List.of("http://127.0.0.1:1"), "/netkube-unreachable", fast)) {
      assertThatThrownBy(() -> store.get("/registry/pods/ns/a")).isInstanceOf(StoreException.Unavailable.class);
    }
  }
}
