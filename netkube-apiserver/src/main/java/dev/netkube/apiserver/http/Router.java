package dev.netkube.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.discovery.Discovery;
import dev.netkube.apiserver.registry.ResourceRegistry;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.openapi.OpenApiV3;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** Routes a request path to version, health, discovery, OpenAPI or the REST verbs of a resource. */
public final class Router {
  /** Paths anyone may read without credentials, as upstream's system:public-info-viewer role allows. */
  private static final Set<String> PUBLIC = Set.of("/version", "/version/", "/healthz", "/livez", "/readyz");

  private final ResourceRegistry registry;
  private final Discovery discovery;
  private final OpenApiV3 openApi;
  private final RestHandler rest;
  private final BooleanSupplier ready;
  private final ObjectNode version;

  public Router(ResourceRegistry registry, Discovery discovery, OpenApiV3 openApi, RestHandler rest,
      BooleanSupplier ready, ObjectNode version) {
    this.registry = registry;
    this.discovery = discovery;
    this.openApi = openApi;
    this.rest = rest;
    this.ready = ready;
    this.version = version;
  }

  public static boolean isPublic(String path) { return PUBLIC.contains(path); }

  public ApiResponse route(ApiRequest req, WatchWriter stream) {
    String path = req.path();
    List<String> segs = segments(path);
    if (path.equals("/version") || path.equals("/version/")) return ApiResponse.json(200, version);
    if (path.equals("/healthz") || path.equals("/livez")) return ApiResponse.text(200, "ok");
    if (path.equals("/readyz")) {
      return ready.getAsBoolean() ? ApiResponse.text(200, "ok") : ApiResponse.text(500, "[-]store not ready\nreadyz check failed");
    }
    boolean aggregated = req.header("Accept").contains("g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    if (segs.size() == 1 && segs.get(0).equals("api")) {
      return aggregated ? aggregated(discovery.aggregated(true)) : ApiResponse.json(200, discovery.apiVersions());
    }
    if (segs.size() == 1 && segs.get(0).equals("apis")) {
      return aggregated ? aggregated(discovery.aggregated(false)) : ApiResponse.json(200, discovery.groupList());
    }
    if (segs.size() == 2 && segs.get(0).equals("api")) {
      return found(discovery.resourceList("", segs.get(1)));
    }
    if (segs.size() == 2 && segs.get(0).equals("apis")) return found(discovery.group(segs.get(1)));
    if (segs.size() == 3 && segs.get(0).equals("apis")) return found(discovery.resourceList(segs.get(1), segs.get(2)));
    if (segs.size() >= 2 && segs.get(0).equals("openapi") && segs.get(1).equals("v3")) return openApi(segs);
    if (segs.size() == 2 && segs.get(0).equals("openapi") && segs.get(1).equals("v2")) return OpenApiV2.EMPTY;
    if (!segs.isEmpty() && (segs.get(0).equals("api") || segs.get(0).equals("apis"))) {
      Optional<ResourcePath> rp = ResourcePath.parse(segs, this::isResource);
      if (rp.isPresent()) return rest.handle(req, rp.get(), stream);
    }
    throw notFound();
  }

  private boolean isResource(String groupVersion, String resource) {
    int slash = groupVersion.indexOf('/');
    String group = slash < 0 ? "" : groupVersion.substring(0, slash);
    String version = slash < 0 ? groupVersion : groupVersion.substring(slash + 1);
    return registry.find(group, version, resource).isPresent();
  }

  private ApiResponse openApi(List<String> segs) {
    if (segs.size() == 2) return new ApiResponse(200, "application/json", openApi.index(), List.of());
    String gvPath = String.join("/", segs.subList(2, segs.size()));
    return openApi.document(gvPath)
        .map(doc -> new ApiResponse(200, "application/json", doc, List.of()))
        .orElseThrow(Router::notFound);
  }

  private static ApiResponse aggregated(ObjectNode doc) {
    return new ApiResponse(200, Discovery.AGGREGATED_V2, Json.bytes(doc), List.of());
  }

  private static ApiResponse found(Optional<ObjectNode> doc) {
    return ApiResponse.json(200, doc.orElseThrow(Router::notFound));
  }

  private static ApiException notFound() {
    return new ApiException(404, "NotFound", "the server could not find the requested resource", null);
  }

  private static List<String> segments(String path) {
    List<String> segs = new ArrayList<>();
    for (String s : path.split("/")) if (!s.isEmpty()) segs.add(s);
    return segs;
  }
}
