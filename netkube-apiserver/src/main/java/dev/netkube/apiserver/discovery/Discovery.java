package dev.netkube.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.registry.ResourceRegistry;
import dev.netkube.apiserver.registry.ServedResource;
import dev.netkube.model.Json;
import dev.netkube.model.api.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Discovery documents, legacy (APIVersions, APIGroupList, APIGroup, APIResourceList) and
 * aggregated (apidiscovery.k8s.io/v2 APIGroupDiscoveryList), built from the registry.
 */
public final class Discovery {
  /** The media type kubectl asks for aggregated discovery (and gets back as Content-Type). */
  public static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

  private final ResourceRegistry registry;
  private final String serverAddress;

  public Discovery(ResourceRegistry registry, String serverAddress) {
    this.registry = registry;
    this.serverAddress = serverAddress;
  }

  /** Subresource → [verbs, response kind (apiVersion/kind; empty = the parent's)]. */
  private static final Map<String, String[]> SUBRESOURCES = new LinkedHashMap<>();

  static {
    SUBRESOURCES.put("status", new String[] {"get,patch,update", ""});
    SUBRESOURCES.put("scale", new String[] {"get,patch,update", "autoscaling/v1/Scale"});
    SUBRESOURCES.put("log", new String[] {"get", "v1/Pod"});
    SUBRESOURCES.put("exec", new String[] {"create,get", "v1/PodExecOptions"});
    SUBRESOURCES.put("attach", new String[] {"create,get", "v1/PodAttachOptions"});
    SUBRESOURCES.put("portforward", new String[] {"create,get", "v1/PodPortForwardOptions"});
    SUBRESOURCES.put("binding", new String[] {"create", "v1/Binding"});
    SUBRESOURCES.put("eviction", new String[] {"create", "policy/v1/Eviction"});
    SUBRESOURCES.put("ephemeralcontainers", new String[] {"get,patch,update", "v1/Pod"});
    SUBRESOURCES.put("token", new String[] {"create", "authentication.k8s.io/v1/TokenRequest"});
    SUBRESOURCES.put("proxy", new String[] {"create,delete,get,patch,update", ""});
    SUBRESOURCES.put("finalize", new String[] {"update", ""});
  }

  public ObjectNode apiVersions() {
    ObjectNode o = Json.object();
    o.put("kind", "APIVersions");
    o.putArray("versions").add("v1");
    ObjectNode addr = o.putArray("serverAddressByClientCIDRs").addObject();
    addr.put("clientCIDR", "0.0.0.0/0");
    addr.put("serverAddress", serverAddress);
    return o;
  }

  public ObjectNode groupList() {
    ObjectNode o = Json.object();
    o.put("kind", "APIGroupList");
    o.put("apiVersion", "v1");
    ArrayNode groups = o.putArray("groups");
    for (Map.Entry<String, List<String>> g : groups().entrySet()) {
      if (!g.getKey().isEmpty()) groups.add(group(g.getKey(), g.getValue()));
    }
    return o;
  }

  public Optional<ObjectNode> group(String name) {
    List<String> versions = groups().get(name);
    if (name.isEmpty() || versions == null) return Optional.empty();
    ObjectNode g = group(name, versions);
    g.put("kind", "APIGroup");
    g.put("apiVersion", "v1");
    return Optional.of(g);
  }

  private static ObjectNode group(String name, List<String> versions) {
    ObjectNode g = Json.object();
    g.put("name", name);
    ArrayNode vs = g.putArray("versions");
    for (String v : versions) {
      ObjectNode gv = vs.addObject();
      gv.put("groupVersion", name + "/" + v);
      gv.put("version", v);
    }
    ObjectNode preferred = g.putObject("preferredVersion");
    preferred.put("groupVersion", name + "/" + versions.get(0));
    preferred.put("version", versions.get(0));
    return g;
  }

  /** group → versions, in registry order (the first version of a group is its preferred one). */
  private Map<String, List<String>> groups() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (ServedResource r : registry.all()) {
      List<String> vs = groups.computeIfAbsent(r.type().group(), k -> new ArrayList<>());
      if (!vs.contains(r.type().version())) vs.add(r.type().version());
    }
    return groups;
  }

  /** APIResourceList of one group version, or empty when it is not served. */
  public Optional<ObjectNode> resourceList(String group, String version) {
    List<ServedResource> served = resources(group, version);
    if (served.isEmpty()) return Optional.empty();
    ObjectNode o = Json.object();
    o.put("kind", "APIResourceList");
    o.put("apiVersion", "v1");
    o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode list = o.putArray("resources");
    for (ServedResource r : served) {
      ResourceType t = r.type();
      ObjectNode res = list.addObject();
      res.put("name", t.plural());
      res.put("singularName", t.singular());
      res.put("namespaced", t.namespaced());
      res.put("kind", t.kind());
      verbs(res.putArray("verbs"), String.join(",", t.verbs()));
      if (!t.shortNames().isEmpty()) t.shortNames().forEach(res.putArray("shortNames")::add);
      if (!t.categories().isEmpty()) t.categories().forEach(res.putArray("categories")::add);
      for (String sub : sortedSubresources(t)) {
        String[] info = SUBRESOURCES.getOrDefault(sub, new String[] {"get", ""});
        ObjectNode s = list.addObject();
        s.put("name", t.plural() + "/" + sub);
        s.put("singularName", "");
        s.put("namespaced", t.namespaced());
        if (!info[1].isEmpty()) {
          String[] parts = splitKind(info[1]);
          if (!parts[0].equals(t.group())) s.put("group", parts[0]);
          if (!parts[1].equals(t.version()) || !parts[0].equals(t.group())) s.put("version", parts[1]);
          s.put("kind", parts[2]);
        } else {
          s.put("kind", t.kind());
        }
        verbs(s.putArray("verbs"), info[0]);
      }
    }
    return Optional.of(o);
  }

  /** The aggregated document for /api (core only) or /apis (every named group). */
  public ObjectNode aggregated(boolean core) {
    ObjectNode o = Json.object();
    o.put("kind", "APIGroupDiscoveryList");
    o.put("apiVersion", "apidiscovery.k8s.io/v2");
    o.putObject("metadata");
    ArrayNode items = o.putArray("items");
    for (Map.Entry<String, List<String>> g : groups().entrySet()) {
      if (g.getKey().isEmpty() != core) continue;
      ObjectNode item = items.addObject();
      ObjectNode meta = item.putObject("metadata");
      if (!core) meta.put("name", g.getKey());
      meta.putNull("creationTimestamp");
      ArrayNode versions = item.putArray("versions");
      for (String v : g.getValue()) {
        ObjectNode ver = versions.addObject();
        ver.put("version", v);
        ArrayNode resources = ver.putArray("resources");
        for (ServedResource r : resources(g.getKey(), v)) resources.add(aggregatedResource(r.type()));
        ver.put("freshness", "Current");
      }
    }
    return o;
  }

  private static ObjectNode aggregatedResource(ResourceType t) {
    ObjectNode res = Json.object();
    res.put("resource", t.plural());
    ObjectNode kind = res.putObject("responseKind");
    kind.put("group", t.group());
    kind.put("version", t.version());
    kind.put("kind", t.kind());
    res.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
    res.put("singularResource", t.singular());
    verbs(res.putArray("verbs"), String.join(",", t.verbs()));
    if (!t.shortNames().isEmpty()) t.shortNames().forEach(res.putArray("shortNames")::add);
    if (!t.categories().isEmpty()) t.categories().forEach(res.putArray("categories")::add);
    List<String> subs = sortedSubresources(t);
    if (!subs.isEmpty()) {
      ArrayNode sa = res.putArray("subresources");
      for (String sub : subs) {
        String[] info = SUBRESOURCES.getOrDefault(sub, new String[] {"get", ""});
        ObjectNode s = sa.addObject();
        s.put("subresource", sub);
        ObjectNode rk = s.putObject("responseKind");
        if (info[1].isEmpty()) {
          rk.put("group", t.group());
          rk.put("version", t.version());
          rk.put("kind", t.kind());
        } else {
          String[] parts = splitKind(info[1]);
          rk.put("group", parts[0]);
          rk.put("version", parts[1]);
          rk.put("kind", parts[2]);
        }
        verbs(s.putArray("verbs"), info[0]);
      }
    }
    return res;
  }

  private List<ServedResource> resources(String group, String version) {
    List<ServedResource> out = new ArrayList<>();
    for (ServedResource r : registry.all()) {
      if (r.type().group().equals(group) && r.type().version().equals(version)) out.add(r);
    }
    out.sort((a, b) -> a.type().plural().compareTo(b.type().plural()));
    return out;
  }

  private static List<String> sortedSubresources(ResourceType t) {
    List<String> subs = new ArrayList<>(t.subresources());
    subs.sort(String::compareTo);
    return subs;
  }

  /** "policy/v1/Eviction" → [policy, v1, Eviction]; "v1/Pod" → ["", v1, Pod]. */
  private static String[] splitKind(String s) {
    String[] p = s.split("/");
    return p.length == 2 ? new String[] {"", p[0], p[1]} : new String[] {p[0], p[1], p[2]};
  }

  private static void verbs(ArrayNode array, String csv) {
    for (String v : csv.split(",")) if (!v.isEmpty()) array.add(v);
  }
}
