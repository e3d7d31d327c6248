package dev.netkube.dns.plugin.kubernetes;

import dev.netkube.dns.plugin.Request;
import dev.netkube.dns.plugin.Zones;
import dev.netkube.dns.plugin.autopath.AutoPather;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Pod;
import dev.netkube.dns.plugin.kubernetes.KubernetesConfig.PodMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kubernetes plugin's search path for autopath (CoreDNS's Kubernetes.AutoPath): for a query in its zones from
 * a pod it knows (only with {@code pods verified}), {@code <ns>.svc.<zone> svc.<zone> <zone>}, then the server's own
 * resolv.conf search domains, then "" (the name alone), as kubelet writes a ClusterFirst pod's resolv.conf.
 */
final class KubernetesAutoPath implements AutoPather {
  private final KubernetesConfig config;
  private final ClusterSource source;
  private final List<String> hostSearch;

  KubernetesAutoPath(KubernetesConfig config, ClusterSource source, List<String> hostSearch) {
    this.config = config;
    this.source = source;
    this.hostSearch = List.copyOf(hostSearch);
  }

  @Override
  public Optional<List<String>> searchPath(Request request) {
    Optional<String> zone = Zones.match(config.zones(), request.name());
    if (zone.isEmpty() || config.pods() != PodMode.VERIFIED) return Optional.empty();
    List<Pod> pods = source.state().index().podsByIp(request.client().getAddress().getHostAddress());
    if (pods.isEmpty()) return Optional.empty();
    String ns = pods.get(0).namespace();
    String z = zone.get();
    List<String> search = new ArrayList<>(z.equals(".")
        ? List.of(ns + ".svc.", "svc.", ".")
        : List.of(ns + ".svc." + z, "svc." + z, z));
    search.addAll(hostSearch);
    search.add("");
    return Optional.of(search);
  }
}
