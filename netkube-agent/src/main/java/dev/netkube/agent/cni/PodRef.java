package dev.netkube.agent.cni;

/** The pod a sandbox belongs to, as kubelet names it to the runtime. */
public record PodRef(String namespace, String name, String uid) {
  public PodRef {
    if (namespace.isEmpty() || name.isEmpty() || uid.isEmpty()) {
      throw new IllegalArgumentException("a pod needs a namespace, a name and a uid: " + namespace + "/" + name + " " + uid);
    }
  }
}
