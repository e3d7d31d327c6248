package dev.netkube.apiserver.service;

/** A service by namespace and name. */
public record ServiceRef(String namespace, String name) {
  @Override
  public String toString() { return namespace + "/" + name; }
}
