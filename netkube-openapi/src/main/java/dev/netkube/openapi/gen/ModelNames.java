package dev.netkube.openapi.gen;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream component names for client-java model classes. client-java drops the Go package, so a
 * class name gives the version and type name only ("V1ServicePort", or with a group prefix where two
 * groups share a type name: "DiscoveryV1EndpointPort"); the group comes from the kind that reaches it.
 */
final class ModelNames {
  static final String MODELS = "io.kubernetes.client.openapi.models.";
  private static final Pattern CLASS = Pattern.compile("^([A-Z][a-z]+)?(V\\d+(?:alpha\\d+|beta\\d+)?)([A-Z]\\w*)$");

  /** Upstream's Go package per API group (the part of the component name before the version). */
  private static final Map<String, String> PACKAGES = Map.ofEntries(
      Map.entry("", "io.k8s.api.core"),
      Map.entry("meta", "io.k8s.apimachinery.pkg.apis.meta"),
      Map.entry("apps", "io.k8s.api.apps"),
      Map.entry("batch", "io.k8s.api.batch"),
      Map.entry("autoscaling", "io.k8s.api.autoscaling"),
      Map.entry("policy", "io.k8s.api.policy"),
      Map.entry("discovery.k8s.io", "io.k8s.api.discovery"),
      Map.entry("networking.k8s.io", "io.k8s.api.networking"),
      Map.entry("coordination.k8s.io", "io.k8s.api.coordination"),
      Map.entry("events.k8s.io", "io.k8s.api.events"),
      Map.entry("rbac.authorization.k8s.io", "io.k8s.api.rbac"),
      Map.entry("authentication.k8s.io", "io.k8s.api.authentication"),
      Map.entry("authorization.k8s.io", "io.k8s.api.authorization"),
      Map.entry("admissionregistration.k8s.io", "io.k8s.api.admissionregistration"),
      Map.entry("apiextensions.k8s.io", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions"));

  /** Version and type name of a client-java model class. */
  record Parsed(String version, String typeName) {}

  private ModelNames() {}

  static Optional<Parsed> parse(Class<?> c) {
    Matcher m = CLASS.matcher(c.getSimpleName());
    if (!m.matches()) return Optional.empty();
    String v = m.group(2);
    return Optional.of(new Parsed(Character.toLowerCase(v.charAt(0)) + v.substring(1), m.group(3)));
  }

  /** The client-java class of a served kind: V1Service, or CoreV1Event / EventsV1Event for shared names. */
  static Class<?> kindClass(String group, String version, String kind) {
    String v = Character.toUpperCase(version.charAt(0)) + version.substring(1);
    try {
      return Class.forName(MODELS + v + kind);
    } catch (ClassNotFoundException e) {
      String prefix = group.isEmpty() ? "Core" : capitalize(group.substring(0, group.indexOf('.') < 0 ? group.length() : group.indexOf('.')));
      try {
        return Class.forName(MODELS + prefix + v + kind);
      } catch (ClassNotFoundException e2) {
        throw new IllegalStateException("client-java-api has no model for " + group + "/" + version + " " + kind);
      }
    }
  }

  static String componentName(String group, String version, String typeName) {
    String pkg = PACKAGES.get(group);
    if (pkg == null) throw new IllegalStateException("no package known for group " + group);
    return pkg + "." + version + "." + typeName;
  }

  private static String capitalize(String s) { return Character.toUpperCase(s.charAt(0)) + s.substring(1); }
}
