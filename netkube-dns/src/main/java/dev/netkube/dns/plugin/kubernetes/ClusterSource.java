package dev.netkube.dns.plugin.kubernetes;

/** Where the plugin's cluster comes from: informers (the adapter) or a test's state. */
public interface ClusterSource {
  ClusterState state();

  /** False until the first list of every watched resource arrived: queries get SERVFAIL until then. */
  boolean synced();

  /** A source over a state the caller fills; synced at once. */
  static ClusterSource of(ClusterState state) {
    return new ClusterSource() {
      @Override public ClusterState state() { return state; }

      @Override public boolean synced() { return true; }
    };
  }
}
