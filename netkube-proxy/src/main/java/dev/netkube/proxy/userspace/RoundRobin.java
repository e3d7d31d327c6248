package dev.netkube.proxy.userspace;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.SessionAffinity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The endpoint choice of one service port, as upstream's userspace LoadBalancerRR: round robin over the endpoints
 * (shuffled whenever they change, so that nodes do not all start on the same one); with ClientIP affinity a client
 * IP keeps the endpoint it last got until it has not been used for the timeout. A retry after a failed connect
 * asks with {@code resetAffinity}, which skips (and then replaces) the remembered endpoint. Pure: the caller gives
 * the time; safe to use from several threads.
 */
public final class RoundRobin {
  private final Random shuffle;
  private List<Endpoint> endpoints = List.of();
  private int index;
  private SessionAffinity affinity = SessionAffinity.none();
  private final Map<String, Sticky> sticky = new HashMap<>();

  private record Sticky(Endpoint endpoint, Instant lastUsed) {}

  public RoundRobin(Random shuffle) { this.shuffle = shuffle; }

  /**
   * The endpoints and affinity now in force. The same endpoints in another order change nothing; a changed set is
   * reshuffled, restarts the rotation and forgets the clients stuck to endpoints that left; a changed affinity
   * forgets every client.
   */
  public synchronized void update(List<Endpoint> next, SessionAffinity nextAffinity) {
    if (!nextAffinity.equals(affinity)) {
      sticky.clear();
      affinity = nextAffinity;
    }
    if (addresses(next).equals(addresses(endpoints))) return;
    Set<String> kept = addresses(next);
    sticky.values().removeIf(s -> !kept.contains(s.endpoint().toString()));
    List<Endpoint> shuffled = new ArrayList<>(next);
    Collections.shuffle(shuffled, shuffle);
    endpoints = List.copyOf(shuffled);
    index = 0;
  }

  public synchronized boolean hasEndpoints() { return !endpoints.isEmpty(); }

  /** The endpoint for a new connection (or UDP session) from {@code clientIp}; empty when there is none. */
  public synchronized Optional<Endpoint> next(String clientIp, boolean resetAffinity, Instant now) {
    if (endpoints.isEmpty()) return Optional.empty();
    boolean affine = affinity instanceof SessionAffinity.ClientIp;
    if (affine && !resetAffinity) {
      Sticky s = sticky.get(clientIp);
      if (s != null && !expired(s, now)) {
        sticky.put(clientIp, new Sticky(s.endpoint(), now));
        return Optional.of(s.endpoint());
      }
    }
    Endpoint chosen = endpoints.get(index);
    index = (index + 1) % endpoints.size();
    if (affine) sticky.put(clientIp, new Sticky(chosen, now));
    return Optional.of(chosen);
  }

  /** Forgets clients whose affinity timed out (upstream's CleanupStaleStickySessions, run after each sync). */
  public synchronized void forgetExpired(Instant now) {
    sticky.values().removeIf(s -> expired(s, now));
  }

  /** How many clients are stuck to an endpoint now (diagnostics, tests). */
  public synchronized int stickyClients() { return sticky.size(); }

  private boolean expired(Sticky s, Instant now) {
    int timeout = affinity instanceof SessionAffinity.ClientIp c ? c.timeoutSeconds() : 0;
    // upstream compares whole seconds: int(time.Since(lastUsed).Seconds()) < ttlSeconds
    return Duration.between(s.lastUsed(), now).toSeconds() >= timeout;
  }

  private static Set<String> addresses(List<Endpoint> eps) {
    Set<String> out = new TreeSet<>();
    for (Endpoint e : eps) out.add(e.toString());
    return out;
  }
}
