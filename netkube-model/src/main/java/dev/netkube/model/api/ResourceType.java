package dev.netkube.model.api;

import java.util.List;
import java.util.Set;

/**
 * One served resource: what discovery advertises and what the REST layer routes on.
 * {@code subresources} holds names such as "status" and "scale".
 */
public record ResourceType(
    String group,
    String version,
    String kind,
    String plural,
    String singular,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    Set<String> subresources,
    List<String> verbs) {

  public static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  public String apiVersion() { return group.isEmpty() ? version : group + "/" + version; }

  public GroupVersionKind gvk() { return new GroupVersionKind(group, version, kind); }

  /** "services" for core, "deployments.apps" otherwise: the resource as Status messages name it. */
  public String qualifiedName() { return group.isEmpty() ? plural : plural + "." + group; }

  public boolean hasStatus() { return subresources.contains("status"); }

  public boolean hasScale() { return subresources.contains("scale"); }
}
