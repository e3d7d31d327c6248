package dev.netkube.agent.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The streaming endpoints of kubelet's server: /exec and /attach
 * ({namespace}/{pod}[/{uid}]/{container}), /portForward ({namespace}/{pod}[/{uid}]),
 * /containerLogs ({namespace}/{pod}/{container}) and /healthz.
 */
record KubeletPath(Endpoint endpoint, Optional<PodRef> pod, String container) {
  enum Endpoint { EXEC, ATTACH, PORT_FORWARD, CONTAINER_LOGS, HEALTHZ }

  static Optional<KubeletPath> parse(String path) {
    List<String> segs = new ArrayList<>();
    for (String s : path.split("/")) if (!s.isEmpty()) segs.add(s);
    if (segs.isEmpty()) return Optional.empty();
    List<String> rest = segs.subList(1, segs.size());
    switch (segs.get(0)) {
      case "healthz":
        return rest.isEmpty() ? Optional.of(new KubeletPath(Endpoint.HEALTHZ, Optional.empty(), "")) : Optional.empty();
      case "exec":
      case "attach": {
        Endpoint e = segs.get(0).equals("exec") ? Endpoint.EXEC : Endpoint.ATTACH;
        if (rest.size() == 3) return Optional.of(new KubeletPath(e, pod(rest.get(0), rest.get(1), ""), rest.get(2)));
        if (rest.size() == 4) {
          return Optional.of(new KubeletPath(e, pod(rest.get(0), rest.get(1), rest.get(2)), rest.get(3)));
        }
        return Optional.empty();
      }
      case "portForward":
        if (rest.size() == 2) return Optional.of(new KubeletPath(Endpoint.PORT_FORWARD, pod(rest.get(0), rest.get(1), ""), ""));
        if (rest.size() == 3) {
          return Optional.of(new KubeletPath(Endpoint.PORT_FORWARD, pod(rest.get(0), rest.get(1), rest.get(2)), ""));
        }
        return Optional.empty();
      case "containerLogs":
        return rest.size() == 3
            ? Optional.of(new KubeletPath(Endpoint.CONTAINER_LOGS, pod(rest.get(0), rest.get(1), ""), rest.get(2)))
            : Optional.empty();
      default:
        return Optional.empty();
    }
  }

  private static Optional<PodRef> pod(String ns, String name, String uid) {
    return Optional.of(new PodRef(ns, name, uid));
  }
}
