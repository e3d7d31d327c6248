package dev.netkube.controllers.garbagecollector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * {@link Cluster} over the API: live GETs, DELETE with the uid as precondition, and JSON merge
 * patches that carry the resourceVersion read just before (a 409 is retried by the work queue).
 */
final class LiveCluster implements Cluster {
  private static final String MERGE_PATCH = "application/merge-patch+json";

  private final RawApi api;
  private final Supplier<ApiResources> resources;
  private final Runnable rediscover;

  /** {@code rediscover} is asked for when a kind is unknown (a CRD newer than the last discovery). */
  LiveCluster(RawApi api, Supplier<ApiResources> resources, Runnable rediscover) {
    this.api = api;
    this.resources = resources;
    this.rediscover = rediscover;
  }

  private ApiResources.Resource resource(ObjectRef ref) {
    Optional<ApiResources.Resource> found = resources.get().find(ref.apiVersion(), ref.kind());
    if (found.isEmpty()) {
      rediscover.run();
      throw new KubernetesClientException("no resource serves " + ref.apiVersion() + ", Kind=" + ref.kind());
    }
    return found.get();
  }

  private String path(ObjectRef ref) { return resource(ref).path(ref.namespace(), ref.name()); }

  @Override
  public Optional<ObjectInfo> get(ObjectRef ref) {
    return api.get(path(ref)).map(json -> info(json, ref));
  }

  static ObjectInfo info(JsonNode json, ObjectRef ref) {
    JsonNode meta = json.path("metadata");
    List<OwnerRef> owners = new ArrayList<>();
    for (JsonNode o : meta.path("ownerReferences")) {
      owners.add(new OwnerRef(o.path("apiVersion").asText(""), o.path("kind").asText(""), o.path("name").asText(""),
          o.path("uid").asText(""), o.path("blockOwnerDeletion").asBoolean(false)));
    }
    Set<String> finalizers = new HashSet<>();
    meta.path("finalizers").forEach(f -> finalizers.add(f.asText()));
    boolean deleting = meta.hasNonNull("deletionTimestamp") && !meta.path("deletionTimestamp").asText("").isEmpty();
    return new ObjectInfo(ref, meta.path("uid").asText(""), owners, deleting, finalizers);
  }

  @Override
  public void delete(ObjectRef ref, String uid, Propagation propagation) {
    ObjectNode options = Json.object();
    options.put("kind", "DeleteOptions");
    options.put("apiVersion", "v1");
    options.put("propagationPolicy", propagation.wire());
    options.putObject("preconditions").put("uid", uid);
    String path = path(ref);
    RawApi.Response r = api.send("DELETE", path, "application/json", "application/json", Json.text(options));
    // 404: gone already; 409: the uid precondition failed, the name is another object's now.
    if (r.code() == 404 || r.code() == 409) return;
    RawApi.check("DELETE", path, r);
  }

  @Override
  public void removeOwnerReferences(ObjectRef ref, String uid, Set<String> ownerUids) {
    editOwnerReferences(ref, uid, o -> !ownerUids.contains(o.path("uid").asText()), o -> o);
  }

  @Override
  public void unblockOwnerReferences(ObjectRef ref, String uid, Set<String> ownerUids) {
    editOwnerReferences(ref, uid, o -> true, o -> {
      if (!ownerUids.contains(o.path("uid").asText())) return o;
      ObjectNode copy = o.deepCopy();
      copy.put("blockOwnerDeletion", false);
      return copy;
    });
  }

  private void editOwnerReferences(ObjectRef ref, String uid, Predicate<ObjectNode> keep, UnaryOperator<ObjectNode> edit) {
    String path = path(ref);
    Optional<JsonNode> current = api.get(path).filter(j -> j.path("metadata").path("uid").asText("").equals(uid));
    if (current.isEmpty()) return;
    JsonNode meta = current.get().path("metadata");
    ArrayNode refs = Json.array();
    for (JsonNode o : meta.path("ownerReferences")) {
      if (o instanceof ObjectNode obj && keep.test(obj)) refs.add(edit.apply(obj));
    }
    if (refs.equals(meta.path("ownerReferences"))) return;
    patchMetadata(path, uid, meta, "ownerReferences", refs);
  }

  @Override
  public void removeFinalizer(ObjectRef ref, String uid, String finalizer) {
    String path = path(ref);
    Optional<JsonNode> current = api.get(path).filter(j -> j.path("metadata").path("uid").asText("").equals(uid));
    if (current.isEmpty()) return;
    JsonNode meta = current.get().path("metadata");
    ArrayNode left = Json.array();
    meta.path("finalizers").forEach(f -> { if (!f.asText().equals(finalizer)) left.add(f); });
    if (left.size() == meta.path("finalizers").size()) return;
    patchMetadata(path, uid, meta, "finalizers", left);
  }

  private void patchMetadata(String path, String uid, JsonNode meta, String field, ArrayNode value) {
    ObjectNode patch = Json.object();
    ObjectNode m = patch.putObject("metadata");
    m.put("uid", uid);
    m.put("resourceVersion", meta.path("resourceVersion").asText());
    if (value.isEmpty()) m.putNull(field); else m.set(field, value);
    RawApi.Response r = api.send("PATCH", path, "application/json", MERGE_PATCH, Json.text(patch));
    if (r.code() == 404) return;
    RawApi.check("PATCH", path, r);
  }
}
