package dev.netkube.dns.plugin.kubernetes;

import java.util.List;
import java.util.Optional;

/** The plain values the kubernetes plugin answers from; {@code FromKubernetes} maps fabric8's objects to them. */
public final class ClusterModel {
  private ClusterModel() {}

  public enum Kind { CLUSTER_IP, HEADLESS, EXTERNAL_NAME }

  /** A service or endpoint port; CoreDNS gives a port-less service one port numbered -1 (A records, no SRV). */
  public record Port(String name, String protocol, int port) {
    public static final Port NONE = new Port("", "", -1);
  }

  public record Service(String namespace, String name, Kind kind, List<String> clusterIps, String externalName,
                        List<Port> ports) {
    public Service {
      clusterIps = List.copyOf(clusterIps);
      ports = ports.isEmpty() ? List.of(Port.NONE) : List.copyOf(ports);
    }
  }

  /** One endpoint address of a slice; only ready ones are kept (the controller marks publishNotReadyAddresses ready). */
  public record Endpoint(String ip, Optional<String> hostname, Optional<String> podName, List<Port> ports) {
    public Endpoint {
      ports = ports.isEmpty() ? List.of(Port.NONE) : List.copyOf(ports);
    }
  }

  /** An EndpointSlice's part: the service it belongs to and its ready endpoints. */
  public record Slice(String namespace, String name, String service, List<Endpoint> endpoints) {
    public Slice {
      endpoints = List.copyOf(endpoints);
    }
  }

  public record Pod(String namespace, String name, List<String> ips) {
    public Pod {
      ips = List.copyOf(ips);
    }
  }
}
