package dev.netkube.store.etcd;

import dev.netkube.store.Store;
import dev.netkube.store.StoreContractTest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract against a real etcd server started on loopback for this class. */
class EtcdStoreContractTest extends StoreContractTest {
  private static EtcdServer etcd;
  private static final AtomicInteger TESTS = new AtomicInteger();

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

  @Override
  protected Store openStore() {
    // A key space of its own per test; revisions and compaction are shared by the whole server.
    return EtcdStore.open(List.of(etcd.clientUrl()), "/netkube-test-" + TESTS.incrementAndGet());
  }
}
