package dev.netkube.apiserver.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.registry.Meta;
import dev.netkube.apiserver.registry.ResourceService;
import dev.netkube.apiserver.registry.ServedResource;
import dev.netkube.apiserver.registry.WriteOptions;
import dev.netkube.model.Json;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** Warning events on services, as the repair controllers record them (core/v1, legacy style). */
final class ServiceEvents {
  private final ResourceService service;
  private final Clock clock;

  ServiceEvents(ResourceService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  void warn(ObjectNode svc, String component, String action, String reason, String message) {
    ServedResource events = service.registry().find("", "v1", "events").orElseThrow();
    String now = Meta.timestamp(clock.instant());
    ObjectNode event = Json.object();
    event.put("apiVersion", "v1");
    event.put("kind", "Event");
    ObjectNode meta = event.putObject("metadata");
    // client-go's recorder names events <object>.<hex nanoseconds>
    meta.put("name", Meta.name(svc) + "." + Long.toHexString(System.nanoTime() ^ ThreadLocalRandom.current().nextLong())
        .toLowerCase(Locale.ROOT));
    meta.put("namespace", Meta.namespace(svc));
    ObjectNode involved = event.putObject("involvedObject");
    involved.put("apiVersion", "v1");
    involved.put("kind", "Service");
    involved.put("namespace", Meta.namespace(svc));
    involved.put("name", Meta.name(svc));
    involved.put("uid", Json.str(svc, "metadata.uid"));
    involved.put("resourceVersion", Meta.resourceVersion(svc));
    event.put("reason", reason);
    event.put("message", message);
    event.put("type", "Warning");
    event.put("action", action);
    event.putObject("source").put("component", component);
    event.put("reportingComponent", component);
    event.put("reportingInstance", "");
    event.put("firstTimestamp", now);
    event.put("lastTimestamp", now);
    event.put("count", 1);
    service.create(events, Meta.namespace(svc), event, WriteOptions.internal(component));
  }
}
