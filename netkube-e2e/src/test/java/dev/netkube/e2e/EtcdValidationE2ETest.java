package dev.netkube.e2e;

/** ValidationE2ETest's tests again, with the store on a real etcd. */
class EtcdValidationE2ETest extends ValidationE2ETest {
  @Override
  protected Backend backend() { return Backend.ETCD; }
}
