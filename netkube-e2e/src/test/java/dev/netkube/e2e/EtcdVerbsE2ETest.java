package dev.netkube.e2e;

/** VerbsE2ETest's tests again, with the store on a real etcd. */
class EtcdVerbsE2ETest extends VerbsE2ETest {
  @Override
  protected Backend backend() { return Backend.ETCD; }
}
