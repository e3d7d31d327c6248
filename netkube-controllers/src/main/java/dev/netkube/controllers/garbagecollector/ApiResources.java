package dev.netkube.controllers.garbagecollector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The served resources, from aggregated discovery (apidiscovery.k8s.io/v2, one request for /api
 * and one for /apis): kind → resource, scope and verbs, in each group's preferred version first.
 */
final class ApiResources {
  static final String DISCOVERY_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

  /** One resource of one group version. */
  record Resource(String group, String version, String plural, String kind, boolean namespaced, Set<String> verbs) {
    String apiVersion() { return group.isEmpty() ? version : group + "/" + version; }

    /** The URL path of an object (name "" for the collection); namespace ignored for cluster-scoped resources. */
    String path(String namespace, String name) {
      StringBuilder p = new StringBuilder(group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version);
      if (namespaced && !namespace.isEmpty()) p.append("/namespaces/").append(namespace);
      p.append('/').append(plural);
      if (!name.isEmpty()) p.append('/').append(name);
      return p.toString();
    }

    boolean collectable() { return verbs.containsAll(List.of("list", "watch", "delete")); }
  }

  private final Map<String, Resource> byGvk = new HashMap<>();
  private final Map<String, Resource> byGroupKind = new HashMap<>();
  private final List<Resource> preferred = new ArrayList<>();

  static ApiResources discover(RawApi api) {
    ApiResources out = new ApiResources();
    for (String root : List.of("/api", "/apis")) {
      JsonNode list = RawApi.check("GET", root, api.send("GET", root, DISCOVERY_V2, null, null));
      out.add(list);
    }
    return out;
  }

  /** Reads an APIGroupDiscoveryList. */
  void add(JsonNode list) {
    for (JsonNode group : list.path("items")) {
      String g = group.path("metadata").path("name").asText("");
      Set<String> seen = new HashSet<>();
      for (JsonNode version : group.path("versions")) {
        String v = version.path("version").asText();
        for (JsonNode res : version.path("resources")) {
          Set<String> verbs = new HashSet<>();
          res.path("verbs").forEach(x -> verbs.add(x.asText()));
          Resource r = new Resource(g, v, res.path("resource").asText(), res.path("responseKind").path("kind").asText(),
              "Namespaced".equals(res.path("scope").asText()), verbs);
          byGvk.putIfAbsent(r.apiVersion() + "/" + r.kind(), r);
          byGroupKind.putIfAbsent(g + "/" + r.kind(), r);
          if (seen.add(r.plural())) preferred.add(r);
        }
      }
    }
  }

  /** The resource of an apiVersion and kind; another version of the same group and kind will do. */
  Optional<Resource> find(String apiVersion, String kind) {
    Resource exact = byGvk.get(apiVersion + "/" + kind);
    if (exact != null) return Optional.of(exact);
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    return Optional.ofNullable(byGroupKind.get(group + "/" + kind));
  }

  /** Each resource once, in its group's preferred version. */
  List<Resource> preferred() { return preferred; }
}
