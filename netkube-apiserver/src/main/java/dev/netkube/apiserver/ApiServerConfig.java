package dev.netkube.apiserver;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the API server needs to start, validated at construction.
 *
 * @param home state folder ($NETKUBE_HOME): pki/, data/, logs/
 * @param bindAddresses addresses to listen on (127.0.0.1 by default; never 0.0.0.0 unless asked)
 * @param port HTTPS port (6443; 0 picks a free one, for tests)
 * @param store which backend holds the state
 */
public record ApiServerConfig(Path home, List<String> bindAddresses, int port, StoreConfig store) {

  public ApiServerConfig {
    if (home == null) throw new IllegalArgumentException("home is required");
    if (bindAddresses == null || bindAddresses.isEmpty()) throw new IllegalArgumentException("bindAddresses is required");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    bindAddresses = List.copyOf(bindAddresses);
  }

  public static ApiServerConfig defaults(Path home) {
    return new ApiServerConfig(home, List.of("127.0.0.1"), 6443, new StoreConfig.Sqlite(home.resolve("data/state.db")));
  }

  /** The backend of the store. */
  public sealed interface StoreConfig {
    /** Embedded SQLite in one file (the default). */
    record Sqlite(Path file) implements StoreConfig {}

    /** An etcd cluster reached at these client URLs; keys live under {@code prefix}. */
    record Etcd(List<String> endpoints, String prefix) implements StoreConfig {
      public Etcd {
        if (endpoints == null || endpoints.isEmpty()) throw new IllegalArgumentException("etcd endpoints are required");
        endpoints = List.copyOf(endpoints);
      }
    }
  }
}
