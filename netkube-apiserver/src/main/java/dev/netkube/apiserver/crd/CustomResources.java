package dev.netkube.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.registry.ListOptions;
import dev.netkube.apiserver.registry.Meta;
import dev.netkube.apiserver.registry.ResourceService;
import dev.netkube.apiserver.registry.ServedResource;
import dev.netkube.apiserver.registry.WriteOptions;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.api.ResourceType;
import dev.netkube.model.crd.CrdResources;
import dev.netkube.model.crd.CrdStatus;
import dev.netkube.model.crd.CustomResourceStrategy;
import dev.netkube.model.crd.CustomResourceTablePrinter;
import dev.netkube.model.openapi.CustomResourceOpenApi;
import dev.netkube.model.openapi.OpenApiV3;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the custom resources of every CRD, as apiextensions-apiserver does: a CRD written
 * becomes established at once (status set on the write), its resources appear in discovery,
 * REST and OpenAPI; a deleted CRD first loses all its objects (the cleanup finalizer), then goes.
 */
public final class CustomResources implements ResourceService.WriteHook {
  static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";
  private static final Logger LOG = LoggerFactory.getLogger(CustomResources.class);

  private final ResourceService service;
  private final OpenApiV3 openApi;
  private final Clock clock;
  private final ExecutorService background;
  /** The CRDs served now, by name: documents are per group version, and several CRDs may share one. */
  private final Map<String, ObjectNode> served = new java.util.concurrent.ConcurrentHashMap<>();

  public CustomResources(ResourceService service, OpenApiV3 openApi, Clock clock, ExecutorService background) {
    this.service = service;
    this.openApi = openApi;
    this.clock = clock;
    this.background = background;
  }

  private static boolean isCrd(ServedResource r) {
    return r.type().group().equals("apiextensions.k8s.io") && r.type().kind().equals("CustomResourceDefinition");
  }

  /** Serves every CRD already stored (at start). */
  public void loadAll() {
    ServedResource crds = service.registry().find("apiextensions.k8s.io", "v1", "customresourcedefinitions").orElseThrow();
    for (ObjectNode crd : service.list(crds, "", new ListOptions(null, null, 0, "", "")).items()) {
      serve(crd);
      if (Meta.deleting(crd)) background.execute(() -> cleanup(crds, crd));
    }
  }

  @Override
  public void beforeWrite(ServedResource r, ObjectNode obj, ObjectNode old, WriteOptions opts) {
    if (!isCrd(r) || obj == null) return;
    if (old == null) {
      ArrayNode finalizers = Meta.meta(obj).withArray("finalizers");
      boolean has = false;
      for (JsonNode f : finalizers) has |= f.asText().equals(CLEANUP_FINALIZER);
      if (!has) finalizers.add(CLEANUP_FINALIZER);
    }
    if (!Meta.deleting(obj)) obj.set("status", CrdStatus.accepted(obj, clock.instant()));
  }

  @Override
  public void afterWrite(ServedResource r, ObjectNode obj, ObjectNode old) {
    if (!isCrd(r)) return;
    if (obj == null) {
      unserve(old);
      return;
    }
    serve(obj);
    if (Meta.deleting(obj) && (old == null || !Meta.deleting(old))) background.execute(() -> cleanup(r, obj));
  }

  private void serve(ObjectNode crd) {
    String name = Meta.name(crd);
    List<ServedResource> served = new ArrayList<>();
    for (ResourceType t : CrdResources.types(crd)) {
      served.add(new ServedResource(t, CustomResourceStrategy.forVersion(crd, t.version()),
          CustomResourceTablePrinter.forVersion(crd, t.version()), true));
    }
    ObjectNode before = this.served.put(name, crd);
    refreshDocuments(crd, before);
    service.registry().setCustom(name, served);
  }

  private void unserve(ObjectNode crd) {
    service.registry().setCustom(Meta.name(crd), List.of());
    ObjectNode before = served.remove(Meta.name(crd));
    refreshDocuments(crd, before);
  }

  /** Rebuilds the OpenAPI documents of every group version this CRD (now or before) touches. */
  private synchronized void refreshDocuments(ObjectNode crd, ObjectNode before) {
    java.util.Set<String> touched = new java.util.HashSet<>(CustomResourceOpenApi.documents(crd).keySet());
    if (before != null) touched.addAll(CustomResourceOpenApi.documents(before).keySet());
    Map<String, JsonNode> docs = CustomResourceOpenApi.documents(
        new ArrayList<JsonNode>(served.values()), openApi);
    for (String gvPath : touched) {
      JsonNode doc = docs.get(gvPath);
      if (doc == null) openApi.removeDocument(gvPath); else openApi.putDocument(gvPath, doc);
    }
  }

  /** Deletes every object of the CRD, then drops the cleanup finalizer so the CRD goes. */
  private void cleanup(ServedResource crds, ObjectNode crd) {
    try {
      List<ServedResource> served = new ArrayList<>();
      for (ResourceType t : CrdResources.types(crd)) {
        service.registry().find(t.group(), t.version(), t.plural()).ifPresent(served::add);
      }
      if (!served.isEmpty()) {
        ServedResource any = served.get(0);
        for (ObjectNode obj : service.list(any, "", new ListOptions(null, null, 0, "", "")).items()) {
          try {
            service.objects().delete(any, Meta.namespace(obj), Meta.name(obj), 0);
          } catch (ApiException e) {
            if (e.code() != 404) throw e;
          }
        }
      }
      unserve(crd);
      ObjectNode current = service.get(crds, "", Meta.name(crd));
      ArrayNode kept = Json.array();
      Meta.meta(current).path("finalizers").forEach(f -> {
        if (!f.asText().equals(CLEANUP_FINALIZER)) kept.add(f);
      });
      Meta.meta(current).set("finalizers", kept);
      service.update(crds, "", Meta.name(crd), current, "", WriteOptions.internal("apiextensions-apiserver"));
    } catch (RuntimeException e) {
      LOG.warn("cleaning up CRD {} failed; will retry at next start", Meta.name(crd), e);
    }
  }
}
