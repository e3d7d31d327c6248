package dev.netkube.proxy.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What netkube's proxy takes from a {@code kubeproxy.config.k8s.io/v1alpha1 KubeProxyConfiguration} (the file
 * kubeadm's ConfigMap {@code kube-system/kube-proxy} holds), defaulted as upstream. Built by
 * {@link KubeProxyConfigurationLoader}; immutable.
 *
 * @param kubeconfig clientConnection.kubeconfig; empty: in-cluster credentials
 * @param hostnameOverride the node's name when set (the DaemonSet passes --hostname-override=$(NODE_NAME))
 * @param mode the data plane
 * @param syncPeriod how often everything is resynced (the mode's own section)
 * @param minSyncPeriod the least time between two syncs (the mode's own section)
 * @param masqueradeAll masquerade all traffic to services (the mode's own section)
 * @param masqueradeBit the fwmark bit that asks for masquerade (14: 0x4000)
 * @param localhostNodePorts iptables mode: NodePorts on 127.0.0.1 too (upstream's default true)
 * @param clusterCidr the pod network; traffic from outside it to a cluster IP is masqueraded; empty: unknown
 * @param nodePortAddresses CIDRs of the node addresses that accept NodePorts, or "primary"; empty: all local addresses
 * @param healthzBindAddress IP:port of /healthz and /livez (0.0.0.0:10256)
 * @param metricsBindAddress IP:port of /metrics (127.0.0.1:10249)
 * @param detectLocalMode how local (pod) traffic is told apart: ClusterCIDR unless set
 * @param conntrack the conntrack sysctls kube-proxy sets
 * @param configSyncPeriod the informers' resync
 * @param portRange userspace mode: the ports its listeners take (blank: any free port)
 * @param udpIdleTimeout userspace mode: how long a UDP client's session to its endpoint lives without traffic
 */
public record KubeProxyConfiguration(Optional<String> kubeconfig, Optional<String> hostnameOverride, ProxyMode mode,
    Duration syncPeriod, Duration minSyncPeriod, boolean masqueradeAll, int masqueradeBit, boolean localhostNodePorts,
    Optional<String> clusterCidr, List<String> nodePortAddresses, String healthzBindAddress, String metricsBindAddress,
    String detectLocalMode, Conntrack conntrack, Duration configSyncPeriod, PortRange portRange, Duration udpIdleTimeout) {

  public static final String API_VERSION = "kubeproxy.config.k8s.io/v1alpha1";
  public static final String KIND = "KubeProxyConfiguration";

  public KubeProxyConfiguration {
    nodePortAddresses = List.copyOf(nodePortAddresses);
  }

  /** The fwmark that asks for masquerade: bit {@link #masqueradeBit()} set (0x4000 by default). */
  public int masqueradeMark() { return 1 << masqueradeBit; }

  /**
   * The conntrack settings ({@code conntrack:}), defaulted as upstream: 32768 entries per core, at least 131072,
   * established TCP 24 h, CLOSE_WAIT 1 h; zero durations leave the kernel's value.
   */
  public record Conntrack(int maxPerCore, int min, Duration tcpEstablishedTimeout, Duration tcpCloseWaitTimeout,
      boolean tcpBeLiberal, Duration udpTimeout, Duration udpStreamTimeout) {}
}
