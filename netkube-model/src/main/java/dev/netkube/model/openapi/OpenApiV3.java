package dev.netkube.model.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.BuiltinResources;
import dev.netkube.model.api.GroupVersionKind;
import dev.netkube.model.api.ResourceType;
import dev.netkube.model.schema.Schema;
import dev.netkube.model.schema.SchemaSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The OpenAPI v3 documents served under {@code /openapi/v3}: one per group-version ("api/v1",
 * "apis/apps/v1"), the built-in ones generated at build time by netkube-openapi and shipped as
 * classpath resources {@code openapi/v3/<gv>.json}, plus those of CRDs added at run time.
 * Thread-safe: the server reads while CRD controllers put and remove.
 */
public final class OpenApiV3 implements SchemaSource {
  private static final String RESOURCE_ROOT = "openapi/v3/";

  /**
   * One document, serialized once, with the hash kubectl caches it by. Built-in documents are
   * parsed, and hashed, only when first needed (a schema lookup, the index), which keeps them off
   * the server's start-up.
   */
  private static final class Entry {
    private final byte[] bytes;
    private String hash;
    private JsonNode doc;
    private Map<GroupVersionKind, String> kinds;

    Entry(byte[] bytes, JsonNode parsed) {
      this.bytes = bytes;
      this.doc = parsed;
    }

    byte[] bytes() { return bytes; }

    synchronized String hash() {
      if (hash == null) hash = sha512(bytes);
      return hash;
    }

    synchronized JsonNode doc() {
      if (doc == null) {
        try {
          doc = Json.parse(bytes);
        } catch (IOException e) {
          throw new UncheckedIOException("a built-in OpenAPI document cannot be parsed", e);
        }
      }
      return doc;
    }

    synchronized Map<GroupVersionKind, String> kinds() {
      if (kinds == null) kinds = kindsOf(doc());
      return kinds;
    }
  }

  private final Map<String, Entry> docs = new TreeMap<>();

  public OpenApiV3() {}

  /**
   * Loads the documents of every group-version in {@link BuiltinResources} found on the classpath
   * (netkube-openapi's jar); group-versions without a resource are simply absent.
   */
  public static OpenApiV3 loadBuiltins() {
    OpenApiV3 api = new OpenApiV3();
    ClassLoader loader = OpenApiV3.class.getClassLoader();
    for (ResourceType t : BuiltinResources.all()) {
      String gv = gvPath(t.group(), t.version());
      if (api.document(gv).isPresent()) continue;
      try (InputStream in = loader.getResourceAsStream(RESOURCE_ROOT + gv + ".json")) {
        if (in != null) api.docs.put(gv, new Entry(in.readAllBytes(), null));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE_ROOT + gv + ".json", e);
      }
    }
    return api;
  }

  /** "api/v1" for the core group, "apis/&lt;group&gt;/&lt;version&gt;" otherwise. */
  public static String gvPath(String group, String version) {
    return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
  }

  /**
   * The {@code GET /openapi/v3} body: {@code {"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=..."}}}}.
   * The hash is the upper-case hex SHA-512 of the document, as kube-apiserver computes its ETag.
   */
  public synchronized byte[] index() {
    ObjectNode root = Json.object();
    ObjectNode paths = root.putObject("paths");
    docs.forEach((gv, e) -> paths.putObject(gv).put("serverRelativeURL", "/openapi/v3/" + gv + "?hash=" + e.hash()));
    return Json.bytes(root);
  }

  /** The JSON bytes of one group-version's document. */
  public synchronized Optional<byte[]> document(String gvPath) {
    Entry e = docs.get(gvPath);
    return e == null ? Optional.empty() : Optional.of(e.bytes().clone());
  }

  /** The hash of one document (also its ETag), as it appears in {@link #index()}. */
  public synchronized Optional<String> hash(String gvPath) {
    Entry e = docs.get(gvPath);
    return e == null ? Optional.empty() : Optional.of(e.hash());
  }

  /** Adds or replaces the document of a group-version (CRDs). The document is copied. */
  public synchronized void putDocument(String gvPath, JsonNode doc) {
    JsonNode copy = doc.deepCopy();
    docs.put(gvPath, new Entry(Json.bytes(copy), copy));
  }

  /** Parses and hashes every document now (a background warm-up after start, so the first apply does not wait). */
  public void warmUp() {
    java.util.List<Entry> entries;
    synchronized (this) {
      entries = java.util.List.copyOf(docs.values());
    }
    entries.forEach(e -> {
      e.hash();
      e.kinds();
    });
  }

  public synchronized void removeDocument(String gvPath) { docs.remove(gvPath); }

  /** A component schema by name from any document (CRD documents borrow ObjectMeta, Scale, ...). */
  synchronized Optional<JsonNode> component(String name) {
    for (Entry e : docs.values()) {
      JsonNode c = e.doc().path("components").path("schemas").get(name);
      if (c != null) return Optional.of(c);
    }
    return Optional.empty();
  }

  /** The component schema of a kind, its refs resolving within the same document. */
  @Override
  public synchronized Optional<Schema> schemaFor(GroupVersionKind gvk) {
    Entry e = docs.get(gvPath(gvk.group(), gvk.version()));
    if (e == null) return Optional.empty();
    String name = e.kinds().get(gvk);
    if (name == null) return Optional.empty();
    JsonNode schemas = e.doc().path("components").path("schemas");
    return Optional.of(Schema.of(schemas.get(name), schemas::get));
  }

  /** Component schemas of this document by the GVK in their x-kubernetes-group-version-kind. */
  private static Map<GroupVersionKind, String> kindsOf(JsonNode doc) {
    Map<GroupVersionKind, String> kinds = new HashMap<>();
    doc.path("components").path("schemas").fields().forEachRemaining(c -> {
      for (JsonNode g : c.getValue().path("x-kubernetes-group-version-kind")) {
        kinds.putIfAbsent(new GroupVersionKind(g.path("group").asText(), g.path("version").asText(),
            g.path("kind").asText()), c.getKey());
      }
    });
    return Map.copyOf(kinds);
  }

  private static String sha512(byte[] bytes) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
