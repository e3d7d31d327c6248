package dev.netkube.e2e;

/** ServiceAllocationE2ETest's tests again, with the store on a real etcd. */
class EtcdServiceAllocationE2ETest extends ServiceAllocationE2ETest {
  @Override
  protected Backend backend() { return Backend.ETCD; }
}
