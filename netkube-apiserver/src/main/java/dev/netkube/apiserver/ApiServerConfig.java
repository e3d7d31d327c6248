package dev.netkube.apiserver;

import dev.netkube.apiserver.service.Ipv4Cidr;
import dev.netkube.apiserver.service.PortRange;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the API server needs to start, validated at construction.
 *
 * @param home state folder ($NETKUBE_HOME): pki/, data/, logs/
 * @param bindAddresses addresses to listen on (127.0.0.1 by default; never 0.0.0.0 unless asked)
 * @param port HTTPS port (6443; 0 picks a free one, for tests)
 * @param store which backend holds the state
 * @param serviceClusterIpRange where cluster IPs come from (kube-apiserver's --service-cluster-ip-range)
 * @param serviceNodePortRange where node ports come from (kube-apiserver's --service-node-port-range)
 */
public record ApiServerConfig(Path home, List<String> bindAddresses, int port, StoreConfig store,
    Ipv4Cidr serviceClusterIpRange, PortRange serviceNodePortRange) {
  public static final Ipv4Cidr DEFAULT_SERVICE_CIDR = Ipv4Cidr.parse("10.96.0.0/12");
  public static final PortRange DEFAULT_NODE_PORTS = PortRange.parse("30000-32767");

  public ApiServerConfig {
    if (home == null) throw new IllegalArgumentException("home is required");
    if (bindAddresses == null || bindAddresses.isEmpty()) throw new IllegalArgumentException("bindAddresses is required");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    if (serviceClusterIpRange == null) throw new IllegalArgumentException("serviceClusterIpRange is required");
    if (serviceNodePortRange == null) throw new IllegalArgumentException("serviceNodePortRange is required");
    bindAddresses = List.copyOf(bindAddresses);
  }

  /** With upstream's default service CIDR of kubeadm (10.96.0.0/12) and node port range (30000-32767). */
  public ApiServerConfig(Path home, List<String> bindAddresses, int port, StoreConfig store) {
    this(home, bindAddresses, port, store, DEFAULT_SERVICE_CIDR, DEFAULT_NODE_PORTS);
  }

  public static ApiServerConfig defaults(Path home) {
    return new ApiServerConfig(home, List.of("127.0.0.1"), 6443, new StoreConfig.Sqlite(home.resolve("data/state.db")));
  }

  public ApiServerConfig withServiceRanges(Ipv4Cidr cidr, PortRange nodePorts) {
    return new ApiServerConfig(home, bindAddresses, port, store, cidr, nodePorts);
  }

  /**
   * The address the kubernetes service's endpoints point at: the first bind address that other
   * hosts can reach (not loopback, not unspecified), else 127.0.0.1.
   */
  public String advertiseAddress() {
    for (String a : bindAddresses) {
      if (!a.startsWith("127.") && !a.equals("0.0.0.0") && !a.equals("::") && !a.equals("::1") && !a.equals("localhost")) {
        return a;
      }
    }
    return "127.0.0.1";
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
