package dev.netkube.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.auth.TokenRequests;
import dev.netkube.apiserver.protobuf.ProtobufBodies;
import dev.netkube.apiserver.registry.DeleteOptions;
import dev.netkube.apiserver.registry.ListOptions;
import dev.netkube.apiserver.registry.ListPage;
import dev.netkube.apiserver.registry.Meta;
import dev.netkube.apiserver.registry.ResourceService;
import dev.netkube.apiserver.registry.ServedResource;
import dev.netkube.apiserver.registry.WriteOptions;
import dev.netkube.apiserver.watch.WatchFeed;
import dev.netkube.model.Json;
import dev.netkube.apiserver.review.Reviews;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.apply.ApplyRequests;
import dev.netkube.model.api.BuiltinResources;
import dev.netkube.model.select.FieldSelector;
import dev.netkube.model.select.FieldSelectors;
import dev.netkube.model.select.LabelSelector;
import dev.netkube.model.table.TablePrinters;
import dev.netkube.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** The REST verbs of one resource URL: HTTP method + path → ResourceService call → representation. */
public final class RestHandler {
  private static final Set<String> WRITE_SUBRESOURCES = Set.of("", "status", "scale");

  private final ResourceService service;
  private final ScaleSubresource scale;
  private final BindingSubresource binding;
  private final ScheduledExecutorService timers;
  private final Clock clock;

  private final Reviews reviews;

  private final TokenRequests tokenRequests;

  public RestHandler(ResourceService service, Reviews reviews, TokenRequests tokenRequests, ScheduledExecutorService timers,
      Clock clock) {
    this.service = service;
    this.reviews = reviews;
    this.tokenRequests = tokenRequests;
    this.scale = new ScaleSubresource(service);
    this.binding = new BindingSubresource(service, clock);
    this.timers = timers;
    this.clock = clock;
  }

  /** Handles the request; returns null when the response is a stream written to {@code stream}. */
  public ApiResponse handle(ApiRequest req, ResourcePath path, WatchWriter stream) {
    ServedResource r = service.registry().find(path.group(), path.version(), path.resource())
        .orElseThrow(() -> notFoundPath(req));
    if (!path.namespace().isEmpty() && !r.type().namespaced()) throw notFoundPath(req);
    String sub = path.subresource();
    if (!sub.isEmpty() && !r.type().subresources().contains(sub)) throw notFoundPath(req);
    Representation rep = Representation.of(req.header("Accept"));
    String ns = path.namespace();
    String name = path.name();
    if (BuiltinResources.isReview(r.type())) {
      if (!req.method().equals("POST") || !name.isEmpty()) {
        throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
      }
      return ApiResponse.json(201, reviews.create(r.type(), bodyObject(req), req.user()));
    }
    switch (req.method()) {
      case "GET" -> {
        if (name.isEmpty()) {
          if (req.flag("watch")) {
            watch(req, r, ns, rep, stream);
            return null;
          }
          return list(req, r, ns, rep);
        }
        if (sub.equals("scale")) return ApiResponse.json(200, scale.get(r, ns, name));
        if (!sub.isEmpty() && !sub.equals("status")) throw notSupported(sub);
        ObjectNode obj = service.get(r, ns, name);
        return represent(200, r, List.of(obj), rep, req, Meta.resourceVersion(obj), "", true);
      }
      case "POST" -> {
        if (sub.equals("token") && r.type().kind().equals("ServiceAccount") && r.type().group().isEmpty()) {
          return ApiResponse.json(201, tokenRequests.create(ns, name, bodyObject(req), (kind, n) -> coreObject(ns, kind, n)));
        }
        if (sub.equals("binding")) return ApiResponse.json(201, binding.create(r, ns, name, bodyObject(req)));
        if (!name.isEmpty()) throw notSupported(sub.isEmpty() ? "POST on an item" : sub);
        requireNamespaceForWrite(r, ns);
        ObjectNode body = bodyObject(req);
        WriteOptions opts = writeOptions(req, "create");
        ObjectNode created = service.create(r, ns, body, opts);
        return respond(201, r, created, rep, req, opts);
      }
      case "PUT" -> {
        requireItem(name);
        if (!WRITE_SUBRESOURCES.contains(sub) && !sub.equals("finalize")) throw notSupported(sub);
        WriteOptions opts = writeOptions(req, "update");
        if (sub.equals("scale")) return ApiResponse.json(200, scale.update(r, ns, name, bodyObject(req), opts));
        ObjectNode updated = service.update(r, ns, name, bodyObject(req), sub, opts);
        return respond(200, r, updated, rep, req, opts);
      }
      case "PATCH" -> {
        requireItem(name);
        if (!WRITE_SUBRESOURCES.contains(sub)) throw notSupported(sub);
        WriteOptions opts = writeOptions(req, "patch");
        if (sub.equals("scale")) {
          return ApiResponse.json(200, scale.patch(r, ns, name, req.contentType(), req.body(), opts));
        }
        ObjectNode patched = service.patch(r, ns, name, req.contentType(), req.body(), sub, opts);
        return respond(200, r, patched, rep, req, opts);
      }
      case "DELETE" -> {
        WriteOptions opts = writeOptions(req, "delete");
        JsonNode body = req.body().length == 0 ? null
            : ProtobufBodies.isProtobuf(req.contentType()) ? ProtobufBodies.decode(req.body()) : parse(req.body());
        DeleteOptions options = DeleteOptions.from(body, req::param);
        if (body != null && body.path("dryRun").isArray() && body.path("dryRun").size() > 0) {
          opts = new WriteOptions(true, opts.fieldManager, opts.fieldValidation, false, opts.user);
        }
        if (name.isEmpty()) return deleteCollection(req, r, ns, options, opts);
        if (!sub.isEmpty()) throw notSupported(sub);
        ResourceService.DeleteResult result = service.delete(r, ns, name, options, opts);
        return ApiResponse.json(result.gone() ? 200 : 202, result.object());
      }
      default -> throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
  }

  /** A core/v1 object of a namespace by kind ("ServiceAccount", "Pod", "Secret"), straight from the store. */
  public static java.util.Optional<ObjectNode> coreObject(ResourceService service, String ns, String kind, String name) {
    String plural = switch (kind) {
      case "ServiceAccount" -> "serviceaccounts";
      case "Pod" -> "pods";
      case "Secret" -> "secrets";
      default -> throw new IllegalArgumentException(kind);
    };
    ServedResource r = service.registry().find("", "v1", plural).orElseThrow();
    return service.objects().get(r, ns, name).map(dev.netkube.apiserver.registry.ObjectStore.Stored::object);
  }

  private java.util.Optional<ObjectNode> coreObject(String ns, String kind, String name) {
    return coreObject(service, ns, kind, name);
  }

  private ApiResponse respond(int code, ServedResource r, ObjectNode obj, Representation rep, ApiRequest req,
      WriteOptions opts) {
    ApiResponse resp = represent(code, r, List.of(obj), rep, req, Meta.resourceVersion(obj), "", true);
    return new ApiResponse(resp.status(), resp.contentType(), resp.body(), opts.warnings);
  }

  private ApiResponse list(ApiRequest req, ServedResource r, String ns, Representation rep) {
    ListOptions opts = listOptions(req, r);
    ListPage page = service.list(r, ns, opts);
    return represent(200, r, page.items(), rep, req, Long.toString(page.revision()), page.continueToken(), false);
  }

  private ApiResponse deleteCollection(ApiRequest req, ServedResource r, String ns, DeleteOptions options,
      WriteOptions opts) {
    ListPage page = service.list(r, ns, listOptions(req, r));
    List<ObjectNode> deleted = new java.util.ArrayList<>();
    for (ObjectNode obj : page.items()) {
      try {
        deleted.add(service.delete(r, Meta.namespace(obj), Meta.name(obj), options, opts).object());
      } catch (ApiException e) {
        if (e.code() != 404) throw e;
      }
    }
    String rv = Long.toString(service.objects().raw().currentRevision());
    return ApiResponse.json(200, objectList(r, deleted, rv, ""));
  }

  /** One object or a list in the representation the client asked for. */
  private ApiResponse represent(int code, ServedResource r, List<ObjectNode> items, Representation rep,
      ApiRequest req, String resourceVersion, String continueToken, boolean single) {
    JsonNode out;
    switch (rep.kind()) {
      case TABLE -> out = TablePrinters.table(r.printer(), items, includeObject(req), clock.instant(),
          resourceVersion, continueToken);
      case PARTIAL_METADATA -> out = single ? TablePrinters.partialObjectMetadata(items.get(0)) : partialList(items, resourceVersion, continueToken);
      default -> out = single ? items.get(0) : objectList(r, items, resourceVersion, continueToken);
    }
    if (rep.yaml()) {
      try {
        return new ApiResponse(code, "application/yaml", Json.YAML.writeValueAsBytes(out), List.of());
      } catch (IOException e) {
        throw ApiException.internal(e.getMessage());
      }
    }
    return ApiResponse.json(code, out);
  }

  private static TablePrinters.IncludeObject includeObject(ApiRequest req) {
    return TablePrinters.IncludeObject.parse(req.param("includeObject"));
  }

  private static ObjectNode objectList(ServedResource r, List<ObjectNode> items, String rv, String cont) {
    return list(r.type().kind() + "List", r.type().apiVersion(), items, rv, cont);
  }

  private static ObjectNode partialList(List<ObjectNode> items, String rv, String cont) {
    return list("PartialObjectMetadataList", "meta.k8s.io/v1",
        items.stream().map(TablePrinters::partialObjectMetadata).toList(), rv, cont);
  }

  /** A list object: kind, apiVersion, metadata (resourceVersion, continue when more follow) and items. */
  private static ObjectNode list(String kind, String apiVersion, List<ObjectNode> items, String rv, String cont) {
    ObjectNode list = Json.object();
    list.put("kind", kind);
    list.put("apiVersion", apiVersion);
    ObjectNode meta = list.putObject("metadata");
    meta.put("resourceVersion", rv);
    if (!cont.isEmpty()) meta.put("continue", cont);
    ArrayNode arr = list.putArray("items");
    items.forEach(arr::add);
    return list;
  }

  // ---------------------------------------------------------------- watch

  private void watch(ApiRequest req, ServedResource r, String ns, Representation rep, WatchWriter out) {
    ListOptions opts = listOptions(req, r);
    boolean bookmarks = req.flag("allowWatchBookmarks");
    boolean initialEnd = req.flag("sendInitialEvents");
    long timeout = parseLong(req.param("timeoutSeconds"), 0);
    if (timeout <= 0) timeout = 1800 + ThreadLocalRandom.current().nextLong(1800);
    Object lock = new Object();
    boolean[] firstTable = {true};
    out.begin("application/json");
    java.util.function.Consumer<WatchFeed.Event> sink = e -> {
      synchronized (lock) {
        JsonNode obj = e.object();
        if (rep.kind() == Representation.Kind.TABLE && !e.type().equals("BOOKMARK") && !e.type().equals("ERROR")) {
          ObjectNode table = TablePrinters.table(r.printer(), List.of(e.object()), includeObject(req), clock.instant(),
              Meta.resourceVersion(e.object()), "");
          if (!firstTable[0]) table.putArray("columnDefinitions");
          firstTable[0] = false;
          obj = table;
        } else if (rep.kind() == Representation.Kind.PARTIAL_METADATA && !e.type().equals("ERROR")) {
          obj = TablePrinters.partialObjectMetadata(e.object());
        }
        ObjectNode ev = Json.object();
        ev.put("type", e.type());
        ev.set("object", obj);
        if (!out.send(Json.bytes(ev))) return;
        if (e.type().equals("ERROR")) out.end();
      }
    };
    Store.Watch w = WatchFeed.start(service, r, ns, opts, initialEnd && bookmarks, sink, err -> out.end());
    ScheduledFuture<?> timer = timers.schedule(out::end, timeout, TimeUnit.SECONDS);
    ScheduledFuture<?> bookmarkTimer = bookmarks
        ? timers.scheduleAtFixedRate(() -> sink.accept(new WatchFeed.Event("BOOKMARK",
            WatchFeed.bookmark(r, service.objects().raw().currentRevision(), false))), 60, 60, TimeUnit.SECONDS)
        : null;
    out.onClose(() -> {
      w.close();
      timer.cancel(false);
      if (bookmarkTimer != null) bookmarkTimer.cancel(false);
    });
  }

  // ---------------------------------------------------------------- request decoding

  private ListOptions listOptions(ApiRequest req, ServedResource r) {
    LabelSelector labels = null;
    FieldSelector fields = null;
    try {
      String ls = req.param("labelSelector");
      if (!ls.isEmpty()) labels = LabelSelector.parse(ls);
      String fs = req.param("fieldSelector");
      if (!fs.isEmpty()) fields = FieldSelectors.validate(r.type(), FieldSelector.parse(fs));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    int limit = (int) parseLong(req.param("limit"), 0);
    return new ListOptions(labels, fields, Math.max(limit, 0), req.param("continue"), req.param("resourceVersion"));
  }

  private static long parseLong(String s, long fallback) {
    if (s.isEmpty()) return fallback;
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid number: " + s);
    }
  }

  static WriteOptions writeOptions(ApiRequest req, String verb) {
    List<String> dry = req.query().getOrDefault("dryRun", List.of());
    for (String d : dry) {
      if (!d.equals("All")) {
        throw ApiException.badRequest("Invalid dryRun value: " + d + ". Only \"All\" is supported");
      }
    }
    String fv = req.param("fieldValidation");
    WriteOptions.FieldValidation validation = switch (fv) {
      case "", "Warn" -> WriteOptions.FieldValidation.WARN;
      case "Strict" -> WriteOptions.FieldValidation.STRICT;
      case "Ignore" -> WriteOptions.FieldValidation.IGNORE;
      default -> throw ApiException.badRequest("fieldValidation must be one of Ignore, Warn, or Strict, got: " + fv);
    };
    String manager = req.param("fieldManager");
    if (manager.isEmpty()) manager = ApplyRequests.defaultFieldManager(req.header("User-Agent"));
    return new WriteOptions(!dry.isEmpty(), manager, validation, req.flag("force"), req.user());
  }


  private static ObjectNode bodyObject(ApiRequest req) {
    JsonNode n;
    if (ProtobufBodies.isProtobuf(req.contentType())) {
      n = ProtobufBodies.decode(req.body());
    } else if (req.contentType().equals("application/yaml")) {
      try {
        n = Json.parseYaml(new String(req.body(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw ApiException.badRequest("error decoding YAML: " + e.getMessage());
      }
    } else {
      n = parse(req.body());
    }
    if (!(n instanceof ObjectNode o)) throw ApiException.badRequest("the body of the request must be a JSON object");
    return o;
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) throw ApiException.badRequest("the body of the request is empty");
    try {
      return Json.parse(body);
    } catch (IOException e) {
      throw ApiException.badRequest("couldn't get version/kind; json parse error: " + e.getMessage());
    }
  }

  private static void requireItem(String name) {
    if (name.isEmpty()) throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
  }

  private static void requireNamespaceForWrite(ServedResource r, String ns) {
    if (r.type().namespaced() && ns.isEmpty()) {
      throw ApiException.notFound("", "namespaces", "");
    }
  }

  private static ApiException notFoundPath(ApiRequest req) {
    return new ApiException(404, "NotFound", "the server could not find the requested resource", null);
  }

  private static ApiException notSupported(String what) {
    return new ApiException(405, "MethodNotAllowed",
        "the server does not allow this method on the requested resource (" + what + ")", null);
  }
}
