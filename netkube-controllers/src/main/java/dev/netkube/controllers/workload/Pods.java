package dev.netkube.controllers.workload;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/** Facts about pods the workload controllers decide on (upstream's podutil and controller_utils), pure. */
public final class Pods {
  private Pods() {}

  public static String phase(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
  }

  public static boolean terminal(Pod pod) {
    String phase = phase(pod);
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  public static boolean deleting(HasMetadata obj) { return obj.getMetadata().getDeletionTimestamp() != null; }

  /** controller.IsPodActive: not finished and not being deleted. */
  public static boolean active(Pod pod) { return !terminal(pod) && !deleting(pod); }

  public static boolean scheduled(Pod pod) {
    return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
  }

  public static String nodeName(Pod pod) { return scheduled(pod) ? pod.getSpec().getNodeName() : ""; }

  public static Optional<PodCondition> condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) return Optional.empty();
    return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean ready(Pod pod) {
    return condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** When the pod last became ready; empty when it is not ready. */
  public static Optional<Instant> readySince(Pod pod) {
    return condition(pod, "Ready").filter(c -> "True".equals(c.getStatus()))
        .map(c -> time(c.getLastTransitionTime()).orElse(Instant.EPOCH));
  }

  /** podutil.IsPodAvailable: ready for at least minReadySeconds. */
  public static boolean available(Pod pod, int minReadySeconds, Instant now) {
    Optional<Instant> since = readySince(pod);
    if (since.isEmpty()) return false;
    return minReadySeconds == 0 || !since.get().plusSeconds(minReadySeconds).isAfter(now);
  }

  /** How long until a ready pod counts as available; empty when not ready or already available. */
  public static Optional<Duration> untilAvailable(Pod pod, int minReadySeconds, Instant now) {
    Optional<Instant> since = readySince(pod);
    if (since.isEmpty() || minReadySeconds == 0) return Optional.empty();
    Duration left = Duration.between(now, since.get().plusSeconds(minReadySeconds));
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  public static int restarts(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) return 0;
    int max = 0;
    for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
      if (s.getRestartCount() != null) max = Math.max(max, s.getRestartCount());
    }
    return max;
  }

  public static Instant created(HasMetadata obj) {
    return time(obj.getMetadata().getCreationTimestamp()).orElse(Instant.EPOCH);
  }

  /** The owner reference with controller=true, if any. */
  public static Optional<OwnerReference> controllerOf(HasMetadata obj) {
    if (obj.getMetadata().getOwnerReferences() == null) return Optional.empty();
    return obj.getMetadata().getOwnerReferences().stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
  }

  public static Map<String, String> labels(HasMetadata obj) {
    return obj.getMetadata().getLabels() == null ? Map.of() : obj.getMetadata().getLabels();
  }

  public static Map<String, String> annotations(HasMetadata obj) {
    return obj.getMetadata().getAnnotations() == null ? Map.of() : obj.getMetadata().getAnnotations();
  }

  public static Optional<Instant> time(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) return Optional.empty();
    try {
      return Optional.of(Instant.parse(rfc3339));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  public static String key(HasMetadata obj) {
    return obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName();
  }
}
