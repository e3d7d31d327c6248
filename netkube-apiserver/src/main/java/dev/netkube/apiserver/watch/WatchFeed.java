package dev.netkube.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.registry.ListOptions;
import dev.netkube.apiserver.registry.ListPage;
import dev.netkube.apiserver.registry.Meta;
import dev.netkube.apiserver.registry.ResourceService;
import dev.netkube.apiserver.registry.ServedResource;
import dev.netkube.model.api.ApiException;
import dev.netkube.store.Store;
import dev.netkube.store.StoreException;
import dev.netkube.store.WatchEvent;
import java.util.function.Consumer;

/**
 * Turns store changes under a resource's prefix into Kubernetes watch events for one client:
 * ADDED/MODIFIED/DELETED as seen through the client's selectors (an object leaving the
 * selection is DELETED, one entering it ADDED, as kube-apiserver's watch cache does).
 */
public final class WatchFeed {
  /** One watch event; {@code type} is ADDED, MODIFIED, DELETED, BOOKMARK or ERROR. */
  public record Event(String type, ObjectNode object) {}

  private WatchFeed() {}

  /**
   * Starts a watch. With resourceVersion "" or "0" the current objects come first as ADDED
   * (and, when asked by sendInitialEvents, a BOOKMARK marking their end).
   */
  public static Store.Watch start(ResourceService service, ServedResource r, String namespace, ListOptions opts,
      boolean initialEventsEndBookmark, Consumer<Event> sink, Consumer<Throwable> onError) {
    String rv = opts.resourceVersion();
    long after;
    if (rv.isEmpty() || rv.equals("0")) {
      ListPage page = service.list(r, namespace, new ListOptions(opts.labels(), opts.fields(), 0, "", ""));
      for (ObjectNode obj : page.items()) sink.accept(new Event("ADDED", obj));
      after = page.revision();
      if (initialEventsEndBookmark) sink.accept(new Event("BOOKMARK", bookmark(r, after, true)));
    } else {
      try {
        after = Long.parseLong(rv);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid resource version \"" + rv + "\"");
      }
    }
    try {
      return service.objects().raw().watch(r.listPrefix(namespace), after,
          e -> translate(service, r, opts, e, sink), onError);
    } catch (StoreException.Compacted e) {
      sink.accept(new Event("ERROR",
          ApiException.expired("too old resource version: " + e.requested() + " (" + (e.compacted() + 1) + ")")
              .toStatus()));
      return () -> { };
    }
  }

  private static void translate(ResourceService service, ServedResource r, ListOptions opts, WatchEvent e,
      Consumer<Event> sink) {
    long revision = e.revision();
    ObjectNode current = e.type() == WatchEvent.Type.DELETED ? null : decode(service, r, e.kv());
    boolean selects = opts.labels() != null || opts.fields() != null;
    boolean nowMatches = current != null && service.matches(r, current, opts);
    if (!selects && current != null) {
      // Without selectors only deletions need the previous object: no second decode per event.
      sink.accept(new Event(e.type() == WatchEvent.Type.CREATED ? "ADDED" : "MODIFIED", current));
      return;
    }
    ObjectNode previous = e.previous() == null ? null : decode(service, r, e.previous());
    boolean matchedBefore = previous != null && service.matches(r, previous, opts);
    if (nowMatches && matchedBefore) {
      sink.accept(new Event("MODIFIED", current));
    } else if (nowMatches) {
      sink.accept(new Event("ADDED", current));
    } else if (matchedBefore) {
      Meta.meta(previous).put("resourceVersion", Long.toString(revision));
      sink.accept(new Event("DELETED", previous));
    }
  }

  private static ObjectNode decode(ResourceService service, ServedResource r, dev.netkube.store.KeyValue kv) {
    return ResourceService.view(r, service.objects().decode(kv).object());
  }

  /** A BOOKMARK: only kind, apiVersion and metadata.resourceVersion (plus the initial-events-end mark). */
  public static ObjectNode bookmark(ServedResource r, long revision, boolean initialEventsEnd) {
    ObjectNode o = dev.netkube.model.Json.object();
    o.put("kind", r.type().kind());
    o.put("apiVersion", r.type().apiVersion());
    ObjectNode meta = o.putObject("metadata");
    meta.put("resourceVersion", Long.toString(revision));
    if (initialEventsEnd) meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
    return o;
  }
}
