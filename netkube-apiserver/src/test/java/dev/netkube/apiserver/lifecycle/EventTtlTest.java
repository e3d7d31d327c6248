package dev.netkube.apiserver.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.registry.ListOptions;
import dev.netkube.apiserver.registry.ObjectStore;
import dev.netkube.apiserver.registry.ResourceRegistry;
import dev.netkube.apiserver.registry.ResourceService;
import dev.netkube.apiserver.registry.ServedResource;
import dev.netkube.apiserver.registry.WriteOptions;
import dev.netkube.model.Json;
import dev.netkube.model.openapi.OpenApiV3;
import dev.netkube.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventTtlTest {
  static final Instant T0 = Instant.parse("2026-11-25T04:00:00Z");

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    Instant now = T0;

    @Override
    public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override
    public Clock withZone(ZoneId zone) { return this; }

    @Override
    public Instant instant() { return now; }
  }

  private final MovingClock clock = new MovingClock();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private Path dir;
  private SqliteStore store;

  @AfterEach
  void cleanUp() throws Exception {
    timers.shutdownNow();
    if (store != null) store.close();
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void lastChangeIsTheLatestTimeTheEventCarries() throws Exception {
    ObjectNode e = (ObjectNode) Json.parse("""
        {"metadata":{"creationTimestamp":"2026-11-25T04:00:00Z",
          "managedFields":[{"time":"2026-11-25T04:10:00Z"}]},
         "lastTimestamp":"2026-11-25T04:05:00Z", "eventTime":null,
         "series":{"lastObservedTime":"2026-11-25T04:20:00.123456Z"}}""");
    assertThat(EventTtl.lastChange(e)).contains(Instant.parse("2026-11-25T04:20:00.123456Z"));
    assertThat(EventTtl.lastChange(Json.object())).isEmpty();
  }

  @Test
  void eventsGoAnHourAfterTheirLastChangeAndNothingElseDoes() throws Exception {
    dir = Files.createTempDirectory("event-ttl-");
    store = SqliteStore.open(dir.resolve("state.db"));
    ResourceService service = new ResourceService(new ObjectStore(store), new ResourceRegistry(), OpenApiV3.loadBuiltins(), clock);
    NamespaceLifecycle namespaces = new NamespaceLifecycle(service, timers);
    service.addHook(namespaces);
    namespaces.bootstrap();
    ServedResource events = service.registry().find("", "v1", "events").orElseThrow();
    ServedResource newEvents = service.registry().find("events.k8s.io", "v1", "events").orElseThrow();
    ServedResource configMaps = service.registry().find("", "v1", "configmaps").orElseThrow();

    service.create(events, "default", event("old", T0), WriteOptions.internal("test"));
    service.create(newEvents, "default", newEvent("old-new-api", T0), WriteOptions.internal("test"));
    service.create(configMaps, "default", (ObjectNode) Json.parse("{\"metadata\":{\"name\":\"cm\"}}"), WriteOptions.internal("test"));
    clock.now = T0.plus(Duration.ofMinutes(40));
    service.create(events, "default", event("recent", clock.now), WriteOptions.internal("test"));

    EventTtl ttl = new EventTtl(service, clock, EventTtl.DEFAULT_TTL);
    assertThat(ttl.sweep()).isZero();
    clock.now = T0.plus(Duration.ofMinutes(61));
    assertThat(ttl.sweep()).isEqualTo(2);
    assertThat(names(service, events)).containsExactly("recent");
    assertThat(names(service, newEvents)).isEmpty();
    assertThat(names(service, configMaps)).contains("cm");
    clock.now = T0.plus(Duration.ofMinutes(101));
    assertThat(ttl.sweep()).isEqualTo(1);
  }

  private static java.util.List<String> names(ResourceService service, ServedResource r) {
    return service.list(r, "default", new ListOptions(null, null, 0, "", "")).items().stream()
        .map(o -> Json.str(o, "metadata.name")).toList();
  }

  private static ObjectNode event(String name, Instant at) throws Exception {
    return (ObjectNode) Json.parse("""
        {"apiVersion":"v1","kind":"Event","metadata":{"name":"%s","namespace":"default"},
         "involvedObject":{"kind":"Pod","name":"p","namespace":"default"},
         "reason":"Test","message":"m","type":"Normal","firstTimestamp":"%s","lastTimestamp":"%s","count":1,
         "source":{"component":"test"}}""".formatted(name, at, at));
  }

  private static ObjectNode newEvent(String name, Instant at) throws Exception {
    return (ObjectNode) Json.parse("""
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"%s","namespace":"default"},
         "regarding":{"kind":"Pod","name":"p","namespace":"default"},
         "reason":"Test","note":"m","type":"Normal","action":"Testing","eventTime":"%s",
         "reportingController":"test","reportingInstance":"test-1"}""".formatted(name, at.toString().replace("Z", ".000000Z")));
  }
}
