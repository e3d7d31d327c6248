package dev.netkube.controllers.endpointslice;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The controller's memory of its own writes, as upstream's EndpointSliceTracker: which slice
 * version it wrote last (by resourceVersion, which netkube's server, like etcd, orders; upstream
 * uses the slice's generation) and which slices it deleted. With it the controller ignores the
 * echo of its own writes and refuses to act on a cache that has not yet seen them (which would
 * create duplicates).
 */
public final class SliceTracker {
  private static final long DELETED = -1;

  /** service key → slice uid → resourceVersion written, or DELETED. */
  private final Map<String, Map<String, Long>> services = new ConcurrentHashMap<>();

  public record Seen(String serviceKey, String uid, String resourceVersion) {}

  public synchronized void written(Seen slice) {
    services.computeIfAbsent(slice.serviceKey(), k -> new HashMap<>()).put(slice.uid(), rv(slice.resourceVersion()));
  }

  public synchronized void deleted(Seen slice) {
    services.computeIfAbsent(slice.serviceKey(), k -> new HashMap<>()).put(slice.uid(), DELETED);
  }

  /** Whether a slice event may be news: not our last write of it. */
  public synchronized boolean shouldSync(Seen slice) {
    Long written = services.getOrDefault(slice.serviceKey(), Map.of()).get(slice.uid());
    return written == null || written == DELETED || rv(slice.resourceVersion()) > written;
  }

  /** A deletion seen: true when we expected it (no need to sync). Forgets the slice either way. */
  public synchronized boolean expectedDeletion(Seen slice) {
    Map<String, Long> slices = services.get(slice.serviceKey());
    if (slices == null) return false;
    Long written = slices.remove(slice.uid());
    return written != null && written == DELETED;
  }

  /** Whether the cache lags behind our writes for this service. */
  public synchronized boolean stale(String serviceKey, List<Seen> cached) {
    Map<String, Long> slices = services.getOrDefault(serviceKey, Map.of());
    Map<String, Long> provided = new HashMap<>();
    for (Seen s : cached) {
      long rv = rv(s.resourceVersion());
      provided.put(s.uid(), rv);
      Long written = slices.get(s.uid());
      if (written != null && (written == DELETED || written > rv)) return true;
    }
    for (Map.Entry<String, Long> e : slices.entrySet()) {
      if (e.getValue() != DELETED && !provided.containsKey(e.getKey())) return true;
    }
    return false;
  }

  public void forget(String serviceKey) { services.remove(serviceKey); }

  private static long rv(String resourceVersion) {
    try {
      return Long.parseLong(resourceVersion);
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
