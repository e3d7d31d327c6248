package dev.netkube.apiserver.registry;

import dev.netkube.model.api.ResourceType;
import dev.netkube.model.strategy.ResourceStrategy;
import dev.netkube.model.table.TablePrinter;

/**
 * A resource as the REST layer serves it: its type, its write strategy, its table printer,
 * and whether it is a custom resource (which changes patch types and generation rules).
 */
public record ServedResource(ResourceType type, ResourceStrategy strategy, TablePrinter printer, boolean custom) {

  /** The storage key prefix shared by all versions of this group/resource. */
  public String keyPrefix() {
    return "/registry/" + (type.group().isEmpty() ? "core" : type.group()) + "/" + type.plural() + "/";
  }

  public String key(String namespace, String name) {
    return type.namespaced() ? keyPrefix() + namespace + "/" + name : keyPrefix() + name;
  }

  /** Prefix of one namespace's objects, or of all when namespace is empty. */
  public String listPrefix(String namespace) {
    return type.namespaced() && !namespace.isEmpty() ? keyPrefix() + namespace + "/" : keyPrefix();
  }

  /**
   * Whether metadata.generation is tracked: upstream's strategies set it for kinds with a spec
   * that controllers act on, and for every custom resource.
   */
  public boolean tracksGeneration() {
    if (custom) return true;
    return switch (type.group()) {
      case "apps", "batch", "policy", "apiextensions.k8s.io", "discovery.k8s.io" -> true;
      case "networking.k8s.io" -> !type.kind().equals("IngressClass");
      case "admissionregistration.k8s.io" -> true;
      default -> false;
    };
  }
}
