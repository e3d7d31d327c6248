package dev.netkube.controllers.garbagecollector;

import java.util.Objects;

/** Where an object lives: apiVersion, kind, namespace ("" when cluster-scoped) and name. */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {
  public ObjectRef {
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return apiVersion + "/" + kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }
}
