package dev.netkube.apiserver.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request for one of the pod subresources kubelet serves: exec, attach, portforward (GET or
 * POST, upgraded to a stream) and log (GET, a plain or streamed body), at
 * /api/v1/namespaces/{namespace}/pods/{name}/{subresource}.
 */
public record PodSubresource(Kind kind, String namespace, String pod) {
  public enum Kind {
    EXEC("exec"), ATTACH("attach"), PORT_FORWARD("portforward"), LOG("log");

    final String subresource;

    Kind(String subresource) { this.subresource = subresource; }

    public boolean upgrades() { return this != LOG; }
  }

  public static Optional<PodSubresource> parse(String method, String path) {
    List<String> segs = new ArrayList<>();
    for (String s : path.split("/")) if (!s.isEmpty()) segs.add(s);
    if (segs.size() != 7 || !segs.get(0).equals("api") || !segs.get(1).equals("v1") || !segs.get(2).equals("namespaces")
        || !segs.get(4).equals("pods")) {
      return Optional.empty();
    }
    for (Kind k : Kind.values()) {
      if (!k.subresource.equals(segs.get(6))) continue;
      boolean allowed = k == Kind.LOG ? method.equals("GET") : method.equals("GET") || method.equals("POST");
      return allowed ? Optional.of(new PodSubresource(k, segs.get(3), segs.get(5))) : Optional.empty();
    }
    return Optional.empty();
  }
}
