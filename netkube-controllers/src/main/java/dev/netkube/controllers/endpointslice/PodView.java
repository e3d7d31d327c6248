package dev.netkube.controllers.endpointslice;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the endpoint controllers read of a Pod.
 *
 * @param podIPs status.podIPs (or status.podIP), in the pod's order
 * @param ready the Ready condition is True
 * @param readyChanged lastTransitionTime of the Ready condition (the trigger time upstream exports)
 * @param terminating metadata.deletionTimestamp is set
 * @param nodeName "" when not bound
 * @param ports container ports of the containers and of restartable init containers (sidecars)
 */
public record PodView(
    String namespace,
    String name,
    String uid,
    Map<String, String> labels,
    List<String> podIPs,
    String phase,
    boolean ready,
    Optional<Instant> readyChanged,
    boolean terminating,
    String nodeName,
    String hostname,
    String subdomain,
    List<ContainerPort> ports) {

  public PodView {
    labels = Map.copyOf(labels);
    podIPs = List.copyOf(podIPs);
    ports = List.copyOf(ports);
  }

  /** Succeeded or Failed: its containers never run again. */
  public boolean terminal() { return "Succeeded".equals(phase) || "Failed".equals(phase); }

  /**
   * Upstream's ShouldPodBeInEndpoints: not terminal, has an IP, and (unless terminating pods are
   * asked for) not terminating.
   */
  public boolean belongsInEndpoints(boolean includeTerminating) {
    return !terminal() && !podIPs.isEmpty() && (includeTerminating || !terminating);
  }

  /** Fields whose change can change the pod's endpoint (upstream's podEndpointsChanged). */
  public boolean endpointDiffers(PodView other) {
    return terminating != other.terminating || ready != other.ready || !podIPs.equals(other.podIPs);
  }

  /** Fields whose change can change which services pick the pod, or its hostname there. */
  public boolean membershipDiffers(PodView other) {
    return !labels.equals(other.labels) || !hostname.equals(other.hostname) || !subdomain.equals(other.subdomain);
  }

  public record ContainerPort(String name, String protocol, int port) {}
}
