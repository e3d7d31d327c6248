package dev.netkube.agent.cni;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** CNI_ARGS: key=value pairs, joined with ';' in the environment, kept as pairs in the cache. */
public record CniArgs(List<Arg> pairs) {
  public record Arg(String key, String value) {
    public Arg {
      if (key.isEmpty() || key.contains("=") || key.contains(";") || value.contains(";")) {
        throw new IllegalArgumentException("invalid CNI_ARGS pair: " + key + "=" + value);
      }
    }
  }

  public CniArgs {
    pairs = List.copyOf(pairs);
  }

  public static CniArgs none() { return new CniArgs(List.of()); }

  /**
   * What containerd passes for a Kubernetes pod: IgnoreUnknown=1 so that plugins which parse
   * CNI_ARGS strictly ignore the K8S_ keys they do not know.
   */
  public static CniArgs kubernetes(PodRef pod, String sandboxId) {
    List<Arg> a = new ArrayList<>();
    a.add(new Arg("IgnoreUnknown", "1"));
    a.add(new Arg("K8S_POD_NAMESPACE", pod.namespace()));
    a.add(new Arg("K8S_POD_NAME", pod.name()));
    a.add(new Arg("K8S_POD_INFRA_CONTAINER_ID", sandboxId));
    a.add(new Arg("K8S_POD_UID", pod.uid()));
    return new CniArgs(a);
  }

  /** The CNI_ARGS value: {@code IgnoreUnknown=1;K8S_POD_NAMESPACE=default;...}. */
  public String env() {
    return pairs.stream().map(p -> p.key() + "=" + p.value()).collect(Collectors.joining(";"));
  }
}
