package dev.netkube.e2e;

/** CustomResourceE2ETest's tests again, with the store on a real etcd. */
class EtcdCustomResourceE2ETest extends CustomResourceE2ETest {
  @Override
  protected Backend backend() { return Backend.ETCD; }
}
