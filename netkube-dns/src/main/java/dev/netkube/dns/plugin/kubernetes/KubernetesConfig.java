package dev.netkube.dns.plugin.kubernetes;

import dev.netkube.dns.plugin.Fallthrough;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The kubernetes plugin's block, validated. Defaults as CoreDNS: pods disabled, ttl 5, startup_timeout 5s. */
public record KubernetesConfig(List<String> zones, Optional<String> endpoint, Optional<String> kubeconfig,
                               Optional<String> kubeconfigContext, Set<String> namespaces, Optional<String> labels,
                               Optional<String> namespaceLabels, PodMode pods, boolean endpointPodNames, int ttl,
                               boolean noEndpoints, Fallthrough fallthrough, boolean ignoreEmptyService,
                               Duration startupTimeout) {
  public enum PodMode {
    DISABLED, INSECURE, VERIFIED;

    public String word() { return name().toLowerCase(java.util.Locale.ROOT); }
  }

  public KubernetesConfig {
    zones = List.copyOf(zones);
    namespaces = Set.copyOf(namespaces);
  }

  /** The first zone: PTR answers and the nameserver's name live there. */
  public String primaryZone() { return zones.get(0); }

  /** CoreDNS's namespaceExposed: configured (or no list) and existing. */
  boolean namespaceConfigured(String namespace) { return namespaces.isEmpty() || namespaces.contains(namespace); }
}
