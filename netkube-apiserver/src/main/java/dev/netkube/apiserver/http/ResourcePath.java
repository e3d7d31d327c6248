package dev.netkube.apiserver.http;

import java.util.List;
import java.util.Optional;

/**
 * A parsed resource URL: /api/v1/namespaces/{ns}/{resource}/{name}/{subresource} and the
 * /apis/{group}/{version}/... forms. {@code namespace} is "" for cluster scope or all
 * namespaces; {@code name} and {@code subresource} are "" when absent.
 */
public record ResourcePath(String group, String version, String namespace, String resource, String name,
    String subresource) {

  /**
   * Parses a path below /api or /apis; {@code isResource} tells whether a segment names a
   * resource of that group version (to tell /namespaces/x/pods from /namespaces/x/status).
   */
  public static Optional<ResourcePath> parse(List<String> segs, java.util.function.BiPredicate<String, String> isResource) {
    int i;
    String group;
    String version;
    if (segs.size() >= 3 && segs.get(0).equals("api")) {
      group = "";
      version = segs.get(1);
      i = 2;
    } else if (segs.size() >= 4 && segs.get(0).equals("apis")) {
      group = segs.get(1);
      version = segs.get(2);
      i = 3;
    } else {
      return Optional.empty();
    }
    String gv = group.isEmpty() ? version : group + "/" + version;
    List<String> rest = segs.subList(i, segs.size());
    if (rest.size() >= 3 && rest.get(0).equals("namespaces") && isResource.test(gv, rest.get(2))) {
      String ns = rest.get(1);
      List<String> r = rest.subList(2, rest.size());
      if (r.size() > 3) return Optional.empty();
      return Optional.of(new ResourcePath(group, version, ns, r.get(0), r.size() > 1 ? r.get(1) : "",
          r.size() > 2 ? r.get(2) : ""));
    }
    if (rest.isEmpty() || rest.size() > 3) return Optional.empty();
    return Optional.of(new ResourcePath(group, version, "", rest.get(0), rest.size() > 1 ? rest.get(1) : "",
        rest.size() > 2 ? rest.get(2) : ""));
  }
}
