package dev.netkube.agent.streaming;

/** The pod a streaming request names: namespace and name from the URL, uid when the caller gave one ("" otherwise). */
public record PodRef(String namespace, String name, String uid) {
  public PodRef {
    if (namespace.isEmpty() || name.isEmpty()) throw new IllegalArgumentException("namespace and name are required");
  }

  public PodRef(String namespace, String name) { this(namespace, name, ""); }

  @Override
  public String toString() { return namespace + "/" + name; }
}
