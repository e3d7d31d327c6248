package dev.netkube.controllers.endpointslice;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code endpoints.kubernetes.io/last-change-trigger-time} annotation as upstream computes
 * it: the first sync of a service exports its creation time; later syncs export the earliest
 * trigger (a pod's Ready transition, or the service's creation) that changed since the previous
 * sync, or nothing. Safe for concurrent calls on different services (the work queue never runs
 * one service twice at once).
 */
public final class TriggerTimes {
  public static final String ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";

  private record State(Instant service, Map<String, Instant> pods) {}

  private final Map<String, State> states = new ConcurrentHashMap<>();

  public Optional<Instant> compute(ServiceView svc, List<PodView> pods) {
    State last = states.get(svc.key());
    Instant min = null;
    Map<String, Instant> now = new HashMap<>();
    for (PodView pod : pods) {
      if (pod.readyChanged().isEmpty()) continue;
      Instant t = pod.readyChanged().get();
      now.put(pod.name(), t);
      Instant before = last == null ? null : last.pods().get(pod.name());
      if (before == null || t.isAfter(before)) min = min == null || t.isBefore(min) ? t : min;
    }
    if (last == null || svc.created().isAfter(last.service())) {
      min = min == null || svc.created().isBefore(min) ? svc.created() : min;
    }
    states.put(svc.key(), new State(svc.created(), now));
    if (last == null) return Optional.of(svc.created());
    return Optional.ofNullable(min);
  }

  public void forget(String serviceKey) { states.remove(serviceKey); }
}
