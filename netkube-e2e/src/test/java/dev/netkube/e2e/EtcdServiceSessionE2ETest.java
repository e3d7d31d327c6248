package dev.netkube.e2e;

/** ServiceSessionE2ETest's tests again, with the store on a real etcd. */
class EtcdServiceSessionE2ETest extends ServiceSessionE2ETest {
  @Override
  protected Backend backend() { return Backend.ETCD; }
}
