package dev.netkube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.registry.ObjectStore.Stored;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.api.ResourceType;
import dev.netkube.model.schema.Schema;
import dev.netkube.model.schema.SchemaSource;
import dev.netkube.model.select.FieldSelectors;
import dev.netkube.model.strategy.ConfigDataStrategies;
import dev.netkube.model.validation.ObjectMetaValidation;
import dev.netkube.store.KeyValue;
import dev.netkube.store.ListResult;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The REST verbs over the store with upstream's semantics: the generic registry of
 * kube-apiserver (create, get, list, update, patch, delete) without the HTTP. Each write runs
 * decode → defaults → validation → admission hooks → one conditional store write; a rejected
 * request changes nothing.
 */
public final class ResourceService {
  private static final int MAX_CONFLICT_RETRIES = 5;
  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

  private final ObjectStore objects;
  private final ResourceRegistry registry;
  private final SchemaSource schemas;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final List<WriteHook> hooks = new ArrayList<>();

  /** Called after validation, before the store write (admission, allocators, CRD serving). */
  public interface WriteHook {
    /** {@code old} is null on create; {@code obj} null on delete. May throw ApiException to refuse. */
    default void beforeWrite(ServedResource r, ObjectNode obj, ObjectNode old, WriteOptions opts) {}

    /**
     * Just before the store write, after admission and managedFields (so what it fills in is not
     * owned by the request's field manager, as upstream's allocators): takes what the write needs
     * (cluster IPs, node ports) and may fill it into {@code obj}. The returned reservation is
     * committed once the write is stored and reverted when it is not. Same arguments as beforeWrite.
     */
    default Reservation reserve(ServedResource r, ObjectNode obj, ObjectNode old, WriteOptions opts) {
      return Reservation.NONE;
    }

    /** After a successful (non-dry-run) write. */
    default void afterWrite(ServedResource r, ObjectNode obj, ObjectNode old) {}
  }

  public ResourceService(ObjectStore objects, ResourceRegistry registry, SchemaSource schemas, Clock clock) {
    this.objects = objects;
    this.registry = registry;
    this.schemas = schemas;
    this.clock = clock;
  }

  public void addHook(WriteHook hook) { hooks.add(hook); }

  public ObjectStore objects() { return objects; }

  public ResourceRegistry registry() { return registry; }

  public Schema schema(ServedResource r) {
    return schemas.schemaFor(r.type().gvk()).orElse(Schema.ANY);
  }

  // ---------------------------------------------------------------- read

  public ObjectNode get(ServedResource r, String namespace, String name) {
    return objects.get(r, namespace, name)
        .map(s -> view(r, s.object()))
        .orElseThrow(() -> ApiException.notFound(r.type().group(), r.type().plural(), name));
  }

  public ListPage list(ServedResource r, String namespace, ListOptions opts) {
    long revision = 0;
    String startAfter = null;
    if (!opts.continueToken().isEmpty()) {
      ContinueToken token = ContinueToken.decode(opts.continueToken());
      revision = token.revision();
      startAfter = r.listPrefix(namespace) + token.startAfter();
    }
    List<ObjectNode> items = new ArrayList<>();
    String prefix = r.listPrefix(namespace);
    int limit = opts.limit();
    boolean more = false;
    String lastKey = null;
    while (true) {
      int page = limit > 0 ? Math.max(limit - items.size(), 1) + 16 : 0;
      ListResult result = objects.list(prefix, startAfter, page, revision);
      revision = result.revision();
      for (KeyValue kv : result.items()) {
        if (limit > 0 && items.size() >= limit) {
          more = true;
          break;
        }
        ObjectNode obj = objects.decode(kv).object();
        lastKey = kv.key();
        if (matches(r, obj, opts)) items.add(view(r, obj));
      }
      if (more || !result.more() || result.items().isEmpty()) {
        more = more || (result.more() && limit > 0 && items.size() >= limit);
        break;
      }
      startAfter = result.items().get(result.items().size() - 1).key();
    }
    String token = more && lastKey != null
        ? new ContinueToken(revision, lastKey.substring(prefix.length())).encode() : "";
    return new ListPage(items, revision, token, 0);
  }

  /** Whether an object passes a list's label and field selectors. */
  public boolean matches(ServedResource r, ObjectNode obj, ListOptions opts) {
    if (opts.labels() != null && !opts.labels().matches(Meta.labels(obj))) return false;
    return opts.fields() == null || opts.fields().matches(FieldSelectors.fields(r.type(), obj));
  }

  /** The object as a client sees it: apiVersion of the served version (custom resources share storage). */
  public static ObjectNode view(ServedResource r, ObjectNode obj) {
    obj.put("apiVersion", r.type().apiVersion());
    obj.put("kind", r.type().kind());
    return reorder(obj);
  }

  /** apiVersion, kind, metadata first, as upstream serializes. */
  private static ObjectNode reorder(ObjectNode obj) {
    ObjectNode out = Json.object();
    for (String f : List.of("apiVersion", "kind", "metadata")) if (obj.has(f)) out.set(f, obj.get(f));
    obj.fields().forEachRemaining(e -> {
      if (!out.has(e.getKey())) out.set(e.getKey(), e.getValue());
    });
    return out;
  }

  // ---------------------------------------------------------------- create

  public ObjectNode create(ServedResource r, String namespace, ObjectNode body, WriteOptions opts) {
    return create(r, namespace, body, opts, false);
  }

  /** {@code applied}: the body comes from server-side apply and already carries its managedFields. */
  private ObjectNode create(ServedResource r, String namespace, ObjectNode body, WriteOptions opts, boolean applied) {
    checkKind(r, body);
    ObjectNode meta = Meta.meta(body);
    ResourceType t = r.type();
    if (t.namespaced()) {
      String bodyNs = meta.path("namespace").asText("");
      if (!bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
        throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      meta.put("namespace", namespace);
    } else {
      meta.remove("namespace");
    }
    if (meta.path("name").asText("").isEmpty() && !meta.path("generateName").asText("").isEmpty()) {
      meta.put("name", meta.get("generateName").asText() + randomSuffix());
    }
    prepareForCreate(r, body, opts);
    validate(r, body, null);
    if (t.namespaced()) requireActiveNamespace(namespace);
    for (WriteHook h : hooks) h.beforeWrite(r, body, null, opts);
    if (!applied) ManagedFieldsSupport.recordCreate(r, body, opts, schema(r), clock);
    Reservation held = reserve(r, body, null, opts);
    if (opts.dryRun) {
      held.revert();
      return view(r, body);
    }
    Stored created = stored(held, () -> objects.create(r, body));
    for (WriteHook h : hooks) h.afterWrite(r, created.object(), null);
    return view(r, created.object());
  }

  /** System metadata, status reset and defaults, as upstream's BeforeCreate and PrepareForCreate. */
  private void prepareForCreate(ServedResource r, ObjectNode body, WriteOptions opts) {
    ObjectNode meta = Meta.meta(body);
    for (String f : List.of("uid", "resourceVersion", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "generation", "selfLink")) {
      meta.remove(f);
    }
    meta.put("uid", UUID.randomUUID().toString());
    meta.put("creationTimestamp", Meta.timestamp(clock.instant()));
    if (r.tracksGeneration()) meta.put("generation", 1);
    // Users set no initial status; a Node is the exception: the kubelet registers it with its
    // addresses, capacity and conditions in one create (upstream's node strategy keeps them).
    if (r.type().hasStatus() && !isNode(r)) body.remove("status");
    pruneUnknownFields(r, body, opts);
    r.strategy().applyDefaults(body);
  }

  private static boolean isNode(ServedResource r) {
    return r.type().group().isEmpty() && r.type().kind().equals("Node");
  }

  // ---------------------------------------------------------------- update

  /** PUT of the whole object, or of its status when {@code subresource} is "status". */
  public ObjectNode update(ServedResource r, String namespace, String name, ObjectNode body, String subresource,
      WriteOptions opts) {
    checkKind(r, body);
    ObjectNode meta = Meta.meta(body);
    String bodyName = meta.path("name").asText("");
    if (!bodyName.equals(name)) {
      throw ApiException.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL ("
          + name + ")");
    }
    if (r.type().namespaced()) {
      String bodyNs = meta.path("namespace").asText("");
      if (!bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
        throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      meta.put("namespace", namespace);
    }
    Stored current = objects.get(r, namespace, name)
        .orElseThrow(() -> ApiException.notFound(r.type().group(), r.type().plural(), name));
    String wantedRv = meta.path("resourceVersion").asText("");
    if (!wantedRv.isEmpty() && !wantedRv.equals(Long.toString(current.revision()))) {
      throw ApiException.modified(r.type().group(), r.type().plural(), name);
    }
    pruneUnknownFields(r, body, opts);
    return writeUpdate(r, current, body, subresource, opts);
  }

  /** Applies upstream's update rules to {@code next} against {@code current} and writes it conditionally. */
  ObjectNode writeUpdate(ServedResource r, Stored current, ObjectNode next, String subresource, WriteOptions opts) {
    return writeUpdate(r, current, next, subresource, opts, false);
  }

  private ObjectNode writeUpdate(ServedResource r, Stored current, ObjectNode next, String subresource,
      WriteOptions opts, boolean applied) {
    ObjectNode old = current.object();
    ObjectNode obj = next.deepCopy();
    keepSystemMetadata(obj, old);
    boolean statusOnly = "status".equals(subresource);
    // A namespace's spec.finalizers change only through /finalize (the namespace controller's call).
    boolean finalizeOnly = "finalize".equals(subresource);
    if (finalizeOnly) {
      ObjectNode merged = old.deepCopy();
      Json.objectAt(merged, "spec").set("finalizers", obj.path("spec").path("finalizers").deepCopy());
      obj = merged;
    } else if (statusOnly) {
      ObjectNode merged = old.deepCopy();
      if (obj.has("status")) merged.set("status", obj.get("status")); else merged.remove("status");
      obj = merged;
    } else if (r.type().hasStatus()) {
      if (old.has("status")) obj.set("status", old.get("status")); else obj.remove("status");
    }
    if (!finalizeOnly) r.strategy().applyUpdateDefaults(obj, old);
    if (r.tracksGeneration() && !statusOnly && !finalizeOnly && specChanged(obj, old)) {
      Meta.meta(obj).put("generation", old.path("metadata").path("generation").asLong(1) + 1);
    }
    validate(r, obj, old);
    for (WriteHook h : hooks) h.beforeWrite(r, obj, old, opts);
    if (!applied) ManagedFieldsSupport.recordUpdate(r, old, obj, opts, subresource, schema(r), clock);
    if (sameContent(obj, old)) return view(r, old);
    ObjectNode toWrite = obj;
    Reservation held = reserve(r, toWrite, old, opts);
    if (opts.dryRun) {
      held.revert();
      return view(r, toWrite);
    }
    if (Meta.deleting(toWrite) && !Meta.hasFinalizers(toWrite) && !namespaceFinalizing(r, toWrite)) {
      Stored gone = stored(held, () -> objects.delete(r, Meta.namespace(toWrite), Meta.name(toWrite), current.revision()));
      for (WriteHook h : hooks) h.afterWrite(r, null, gone.object());
      return view(r, toWrite);
    }
    Stored written = stored(held, () -> objects.update(r, toWrite, current.revision()));
    for (WriteHook h : hooks) h.afterWrite(r, written.object(), old);
    return view(r, written.object());
  }

  private static void keepSystemMetadata(ObjectNode obj, ObjectNode old) {
    ObjectNode meta = Meta.meta(obj);
    ObjectNode oldMeta = Meta.meta(old);
    for (String f : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
        "generation", "selfLink")) {
      if (oldMeta.has(f)) meta.set(f, oldMeta.get(f)); else meta.remove(f);
    }
    meta.put("resourceVersion", oldMeta.path("resourceVersion").asText());
    if (oldMeta.has("namespace")) meta.set("namespace", oldMeta.get("namespace"));
    if (!meta.has("managedFields") && oldMeta.has("managedFields")) meta.set("managedFields", oldMeta.get("managedFields"));
  }

  private static boolean specChanged(ObjectNode obj, ObjectNode old) {
    ObjectNode a = obj.deepCopy();
    ObjectNode b = old.deepCopy();
    for (ObjectNode o : List.of(a, b)) {
      o.remove("metadata");
      o.remove("status");
    }
    return !a.equals(b);
  }

  /** A no-op write is not written, as upstream skips identical bytes (managedFields times aside). */
  private static boolean sameContent(ObjectNode obj, ObjectNode old) {
    ObjectNode a = obj.deepCopy();
    ObjectNode b = old.deepCopy();
    for (ObjectNode o : List.of(a, b)) {
      ObjectNode m = Meta.meta(o);
      m.remove("managedFields");
      m.remove("resourceVersion");
    }
    return a.equals(b);
  }

  /**
   * A storage-level read-modify-write, as upstream's GuaranteedUpdate that pods/binding uses: no
   * strategy, validation or managedFields (the caller checks what it changes); {@code change} gets
   * a copy of the current object and returns the next one or throws; retried on write conflicts.
   */
  public ObjectNode guaranteedUpdate(ServedResource r, String namespace, String name,
      java.util.function.UnaryOperator<ObjectNode> change) {
    for (int attempt = 0; ; attempt++) {
      Stored current = objects.get(r, namespace, name)
          .orElseThrow(() -> ApiException.notFound(r.type().group(), r.type().plural(), name));
      ObjectNode next = change.apply(current.object().deepCopy());
      try {
        Stored written = objects.update(r, next, current.revision());
        for (WriteHook h : hooks) h.afterWrite(r, written.object(), current.object());
        return view(r, written.object());
      } catch (ApiException e) {
        if (e.code() != 409 || attempt >= MAX_CONFLICT_RETRIES) throw e;
      }
    }
  }

  // ---------------------------------------------------------------- patch

  public ObjectNode patch(ServedResource r, String namespace, String name, String contentType, byte[] patch,
      String subresource, WriteOptions opts) {
    PatchType type = PatchType.of(contentType, r.custom());
    if (type == PatchType.APPLY) return apply(r, namespace, name, patch, subresource, opts);
    JsonNode patchDoc = parsePatch(patch);
    for (int attempt = 0; ; attempt++) {
      Stored current = objects.get(r, namespace, name)
          .orElseThrow(() -> ApiException.notFound(r.type().group(), r.type().plural(), name));
      ObjectNode patched = Patching.apply(type, current.object(), patchDoc, schema(r));
      String wantedRv = Json.str(patched, "metadata.resourceVersion");
      if (!wantedRv.isEmpty() && !wantedRv.equals(Long.toString(current.revision()))) {
        throw ApiException.modified(r.type().group(), r.type().plural(), name);
      }
      if (!Meta.name(patched).equals(name)) {
        throw ApiException.badRequest("the name of the object (" + Meta.name(patched)
            + ") does not match the name on the URL (" + name + ")");
      }
      checkKind(r, patched);
      pruneUnknownFields(r, patched, opts);
      try {
        return writeUpdate(r, current, patched, subresource, opts);
      } catch (ApiException e) {
        if (e.code() != 409 || !"Conflict".equals(e.reason()) || !wantedRv.isEmpty()
            || attempt >= MAX_CONFLICT_RETRIES) {
          throw e;
        }
      }
    }
  }

  /** Server-side apply: create when absent, else merge by field ownership. */
  private ObjectNode apply(ServedResource r, String namespace, String name, byte[] patch, String subresource,
      WriteOptions opts) {
    if (opts.fieldManager == null || opts.fieldManager.isEmpty()) {
      throw ApiException.badRequest("PATCH requests with apply content type must have a fieldManager parameter");
    }
    ObjectNode applied;
    try {
      JsonNode doc = Json.parseYaml(new String(patch, StandardCharsets.UTF_8));
      if (!(doc instanceof ObjectNode o)) throw ApiException.badRequest("error decoding YAML: apply patch must be an object");
      applied = o;
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("error decoding YAML: " + e.getMessage());
    }
    checkKind(r, applied);
    if (!Meta.name(applied).equals(name)) {
      throw ApiException.badRequest("the name of the object (" + Meta.name(applied)
          + ") does not match the name on the URL (" + name + ")");
    }
    for (int attempt = 0; ; attempt++) {
      Optional<Stored> current = objects.get(r, namespace, name);
      ObjectNode merged = ManagedFieldsSupport.apply(r, current.map(Stored::object).orElse(null), applied.deepCopy(),
          opts, subresource, schema(r), clock);
      try {
        if (current.isEmpty()) {
          Meta.meta(merged).put("name", name);
          return create(r, namespace, merged, opts, true);
        }
        pruneUnknownFields(r, merged, opts);
        return writeUpdate(r, current.get(), merged, subresource, opts, true);
      } catch (ApiException e) {
        boolean raced = e.code() == 409 && ("Conflict".equals(e.reason()) || "AlreadyExists".equals(e.reason()));
        if (!raced || attempt >= MAX_CONFLICT_RETRIES) throw e;
      }
    }
  }

  private static JsonNode parsePatch(byte[] patch) {
    try {
      return Json.parse(patch);
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("error decoding patch: " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------- delete

  /** What a delete did: the object is gone, or it is marked and waits for finalizers/grace. */
  public record DeleteResult(ObjectNode object, boolean gone) {}

  public DeleteResult delete(ServedResource r, String namespace, String name, DeleteOptions options, WriteOptions opts) {
    for (int attempt = 0; ; attempt++) {
      Stored current = objects.get(r, namespace, name)
          .orElseThrow(() -> ApiException.notFound(r.type().group(), r.type().plural(), name));
      ObjectNode obj = current.object();
      options.checkPreconditions(r, obj);
      try {
        return deleteCurrent(r, current, options, opts);
      } catch (ApiException e) {
        if (e.code() != 409 || attempt >= MAX_CONFLICT_RETRIES) throw e;
      }
    }
  }

  private DeleteResult deleteCurrent(ServedResource r, Stored current, DeleteOptions options, WriteOptions opts) {
    ObjectNode old = current.object();
    ObjectNode obj = old.deepCopy();
    ObjectNode meta = Meta.meta(obj);
    List<String> existing = new ArrayList<>();
    meta.path("finalizers").forEach(f -> existing.add(f.asText()));
    List<String> finalizers = options.finalizersAfterDelete(existing);
    long grace = gracePeriod(r, obj, options);
    boolean graceful = grace > 0 || namespaceFinalizing(r, obj);
    if (finalizers.isEmpty() && !graceful) {
      for (WriteHook h : hooks) h.beforeWrite(r, null, old, opts);
      Reservation held = reserve(r, null, old, opts);
      if (opts.dryRun) {
        held.revert();
        return new DeleteResult(view(r, old), true);
      }
      Stored gone = stored(held, () -> objects.delete(r, Meta.namespace(old), Meta.name(old), current.revision()));
      for (WriteHook h : hooks) h.afterWrite(r, null, gone.object());
      return new DeleteResult(view(r, gone.object()), true);
    }
    if (Meta.deleting(old) && finalizers.equals(existing)) {
      return new DeleteResult(view(r, old), false);
    }
    ArrayNode f = meta.putArray("finalizers");
    finalizers.forEach(f::add);
    if (f.isEmpty()) meta.remove("finalizers");
    if (!Meta.deleting(obj)) {
      meta.put("deletionTimestamp", Meta.timestamp(clock.instant().plusSeconds(grace)));
      meta.put("deletionGracePeriodSeconds", grace);
      if (r.tracksGeneration()) meta.put("generation", meta.path("generation").asLong(1) + 1);
    }
    if (r.type().kind().equals("Namespace") && r.type().group().isEmpty()) {
      Json.objectAt(obj, "status").put("phase", "Terminating");
    }
    for (WriteHook h : hooks) h.beforeWrite(r, obj, old, opts);
    Reservation held = reserve(r, obj, old, opts);
    if (opts.dryRun) {
      held.revert();
      return new DeleteResult(view(r, obj), false);
    }
    Stored written = stored(held, () -> objects.update(r, obj, current.revision()));
    for (WriteHook h : hooks) h.afterWrite(r, written.object(), old);
    return new DeleteResult(view(r, written.object()), false);
  }

  /** A namespace waits for its spec.finalizers ("kubernetes": its content deleted) before it goes. */
  private static boolean namespaceFinalizing(ServedResource r, ObjectNode obj) {
    return r.type().group().isEmpty() && r.type().kind().equals("Namespace")
        && obj.path("spec").path("finalizers").size() > 0;
  }

  /** Pods bound to a node get a grace period (the node's agent finishes the delete); the rest go at once. */
  private static long gracePeriod(ServedResource r, ObjectNode obj, DeleteOptions options) {
    if (!r.type().kind().equals("Pod") || !r.type().group().isEmpty()) return 0;
    if (Json.str(obj, "spec.nodeName").isEmpty()) return 0;
    String phase = Json.str(obj, "status.phase");
    if (phase.equals("Succeeded") || phase.equals("Failed")) return 0;
    return options.gracePeriodSeconds()
        .orElse(obj.path("spec").path("terminationGracePeriodSeconds").asLong(30));
  }

  // ---------------------------------------------------------------- reservations

  /** Every hook's reservation for this write; if one hook refuses, the others' are given back. */
  private Reservation reserve(ServedResource r, ObjectNode obj, ObjectNode old, WriteOptions opts) {
    List<Reservation> held = new ArrayList<>();
    try {
      for (WriteHook h : hooks) held.add(h.reserve(r, obj, old, opts));
    } catch (RuntimeException e) {
      Reservation.all(held).revert();
      throw e;
    }
    return Reservation.all(held);
  }

  /** One store write under a reservation: committed when stored, reverted on any failure. */
  private static Stored stored(Reservation held, java.util.function.Supplier<Stored> write) {
    Stored result;
    try {
      result = write.get();
    } catch (RuntimeException | Error e) {
      held.revert();
      throw e;
    }
    held.commit();
    return result;
  }

  // ---------------------------------------------------------------- shared checks

  private static void checkKind(ServedResource r, ObjectNode body) {
    String apiVersion = body.path("apiVersion").asText("");
    String kind = body.path("kind").asText("");
    ResourceType t = r.type();
    if (!kind.isEmpty() && !kind.equals(t.kind())) {
      throw ApiException.badRequest(kind + " in version \"" + versionOf(apiVersion) + "\" cannot be handled as a "
          + t.kind() + ": the object provided is unrecognized (wrong kind " + kind + ")");
    }
    if (!apiVersion.isEmpty() && !apiVersion.equals(t.apiVersion())) {
      boolean sameGroup = r.custom() && apiVersion.startsWith(t.group() + "/");
      if (!sameGroup) {
        throw ApiException.badRequest("the API version in the data (" + apiVersion
            + ") does not match the expected API version (" + t.apiVersion() + ")");
      }
    }
    body.put("apiVersion", t.apiVersion());
    body.put("kind", t.kind());
    // Typed decoding refuses bad base64 in Secret data / ConfigMap binaryData with a 400, before validation.
    if (t.group().isEmpty() && (t.kind().equals("Secret") || t.kind().equals("ConfigMap"))) {
      ConfigDataStrategies.secretDecodeError(t.kind(), body).ifPresent(e -> {
        throw e;
      });
    }
  }

  private static String versionOf(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
  }

  private void validate(ServedResource r, ObjectNode obj, ObjectNode old) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validate(r.type(), obj, old));
    errors.addAll(old == null ? r.strategy().validateCreate(obj) : r.strategy().validateUpdate(obj, old));
    if (!errors.isEmpty()) {
      throw ApiException.invalid(r.type().group(), r.type().kind(), Meta.name(obj), errors);
    }
  }

  private void pruneUnknownFields(ServedResource r, ObjectNode obj, WriteOptions opts) {
    UnknownFieldPolicy.apply(r, obj, schema(r), opts);
  }

  private void requireActiveNamespace(String namespace) {
    ServedResource nsResource = registry.find("", "v1", "namespaces").orElseThrow();
    Optional<Stored> ns = objects.get(nsResource, "", namespace);
    if (ns.isEmpty()) throw ApiException.notFound("", "namespaces", namespace);
    if (Meta.deleting(ns.get().object())) {
      ObjectNode details = Json.object();
      details.put("name", namespace);
      details.put("kind", "namespaces");
      ObjectNode cause = details.putArray("causes").addObject();
      cause.put("reason", "NamespaceTerminating");
      cause.put("message", "namespace " + namespace + " is being terminated");
      cause.put("field", "metadata.namespace");
      throw new ApiException(403, "Forbidden", "unable to create new content in namespace " + namespace
          + " because it is being terminated", details);
    }
  }

  private String randomSuffix() {
    StringBuilder b = new StringBuilder(5);
    for (int i = 0; i < 5; i++) b.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    return b.toString();
  }

  /** The opaque `continue` token: the list's revision and the last key returned (relative to the prefix). */
  record ContinueToken(long revision, String startAfter) {
    String encode() {
      ObjectNode n = Json.object();
      n.put("v", "meta.k8s.io/v1");
      n.put("rv", revision);
      n.put("start", startAfter);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(n));
    }

    static ContinueToken decode(String token) {
      try {
        JsonNode n = Json.parse(Base64.getUrlDecoder().decode(token));
        if (!"meta.k8s.io/v1".equals(n.path("v").asText()) || !n.has("rv")) throw new IllegalArgumentException();
        return new ContinueToken(n.get("rv").asLong(), Objects.requireNonNullElse(n.path("start").asText(null), ""));
      } catch (Exception e) {
        throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
      }
    }
  }
}
