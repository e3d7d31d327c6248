package dev.netkube.model.api;

/** A kind in one API group version; group "" is the core (legacy) group. */
public record GroupVersionKind(String group, String version, String kind) {
  public String apiVersion() { return group.isEmpty() ? version : group + "/" + version; }

  public static GroupVersionKind of(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    return slash < 0
        ? new GroupVersionKind("", apiVersion, kind)
        : new GroupVersionKind(apiVersion.substring(0, slash), apiVersion.substring(slash + 1), kind);
  }
}
