package dev.netkube.apiserver.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.registry.DeleteOptions;
import dev.netkube.apiserver.registry.ListOptions;
import dev.netkube.apiserver.registry.ListPage;
import dev.netkube.apiserver.registry.Meta;
import dev.netkube.apiserver.registry.ResourceService;
import dev.netkube.apiserver.registry.ServedResource;
import dev.netkube.apiserver.registry.WriteOptions;
import dev.netkube.model.api.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-apiserver's --event-ttl (default 1h): events expire an hour after they last changed.
 * Upstream attaches an etcd lease to every event write; netkube's stores have no leases, so a
 * sweeper in the API server deletes expired events (core/v1 and events.k8s.io/v1) once a minute,
 * through the registry (watchers see DELETED, as they see a lease expire), each with its
 * resourceVersion as precondition so that an event updated meanwhile stays.
 *
 * <p>It lives in the API server, not in a controller, because upstream's TTL is the storage's
 * business: no client deletes events, and a controller would have to cache every event.
 */
public final class EventTtl {
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);
  private static final Logger LOG = LoggerFactory.getLogger(EventTtl.class);
  private static final int PAGE = 500;

  private final ResourceService service;
  private final Clock clock;
  private final Duration ttl;

  public EventTtl(ResourceService service, Clock clock, Duration ttl) {
    this.service = service;
    this.clock = clock;
    this.ttl = ttl;
  }

  public ScheduledFuture<?> start(ScheduledExecutorService timers, Duration every) {
    return timers.scheduleWithFixedDelay(() -> {
      try {
        int n = sweep();
        if (n > 0) LOG.debug("{} expired events deleted", n);
      } catch (RuntimeException e) {
        LOG.warn("event expiry failed; will retry", e);
      }
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Deletes every event whose last change is older than the TTL; returns how many. */
  public int sweep() {
    Instant cutoff = clock.instant().minus(ttl);
    int deleted = 0;
    for (ServedResource r : List.of(find("", "v1"), find("events.k8s.io", "v1"))) {
      String token = "";
      do {
        ListPage page = service.list(r, "", new ListOptions(null, null, PAGE, token, ""));
        for (ObjectNode event : page.items()) {
          if (!lastChange(event).map(t -> t.isBefore(cutoff)).orElse(false)) continue;
          DeleteOptions precondition = new DeleteOptions(Optional.empty(), "", "", Meta.resourceVersion(event));
          try {
            service.delete(r, Meta.namespace(event), Meta.name(event), precondition, WriteOptions.internal("kube-apiserver"));
            deleted++;
          } catch (ApiException e) {
            if (e.code() != 404 && e.code() != 409) throw e; // gone already, or changed meanwhile
          }
        }
        token = page.continueToken();
      } while (!token.isEmpty());
    }
    return deleted;
  }

  private ServedResource find(String group, String version) {
    return service.registry().find(group, version, "events").orElseThrow();
  }

  /**
   * When an event was last written: the latest of its creation, its managedFields times (every
   * write records one) and the times the event itself carries (lastTimestamp, eventTime,
   * series.lastObservedTime and their events.k8s.io names). Empty when it carries none.
   */
  public static Optional<Instant> lastChange(JsonNode event) {
    Instant latest = null;
    List<JsonNode> times = new java.util.ArrayList<>(List.of(
        event.path("metadata").path("creationTimestamp"), event.path("lastTimestamp"), event.path("firstTimestamp"),
        event.path("eventTime"), event.path("series").path("lastObservedTime"),
        event.path("deprecatedLastTimestamp"), event.path("deprecatedFirstTimestamp")));
    event.path("metadata").path("managedFields").forEach(f -> times.add(f.path("time")));
    for (JsonNode t : times) {
      if (!t.isTextual() || t.asText().isEmpty()) continue;
      try {
        Instant i = Instant.parse(t.asText());
        if (latest == null || i.isAfter(latest)) latest = i;
      } catch (DateTimeParseException e) {
        // not a time: ignore it
      }
    }
    return Optional.ofNullable(latest);
  }
}
