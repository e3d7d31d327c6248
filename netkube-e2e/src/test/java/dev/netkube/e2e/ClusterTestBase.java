package dev.netkube.e2e;

import dev.netkube.apiserver.ApiServerConfig;
import dev.netkube.store.etcd.EtcdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One test cluster per test class, on SQLite by default; a subclass overriding {@link #backend()}
 * runs the same tests against a real etcd (Debian's etcd-server, started on loopback).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterTestBase {
  enum Backend { SQLITE, ETCD }

  protected TestCluster cluster;
  protected Kubectl kubectl;
  private EtcdServer etcd;

  protected Backend backend() { return Backend.SQLITE; }

  @BeforeAll
  void startCluster() throws Exception {
    if (backend() == Backend.ETCD) {
      etcd = EtcdServer.start();
      Path home = Files.createTempDirectory("netkube-e2e-etcd-");
      cluster = TestCluster.start(home, new ApiServerConfig.StoreConfig.Etcd(List.of(etcd.clientUrl()), "/netkube"));
    } else {
      cluster = TestCluster.startSqlite();
    }
    kubectl = cluster.kubectl();
    afterStart();
  }

  /** Per-class setup that needs the cluster. */
  protected void afterStart() throws Exception {}

  @AfterAll
  void stopCluster() throws Exception {
    try {
      if (cluster != null) cluster.close();
    } finally {
      if (etcd != null) etcd.close();
    }
  }
}
