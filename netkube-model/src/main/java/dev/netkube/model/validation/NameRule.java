package dev.netkube.model.validation;

import dev.netkube.model.api.ResourceType;
import java.util.List;

/** Which format an object's metadata.name must have, per upstream's per-kind ValidateNameFunc. */
public enum NameRule {
  DNS1123_SUBDOMAIN,
  DNS1123_LABEL,
  DNS1035_LABEL,
  PATH_SEGMENT;

  /** Upstream's choice for a resource: Services are DNS-1035 labels, Namespaces DNS-1123 labels, RBAC path segments. */
  public static NameRule forType(ResourceType type) {
    if (type.group().isEmpty() && type.kind().equals("Service")) return DNS1035_LABEL;
    if (type.group().isEmpty() && type.kind().equals("Namespace")) return DNS1123_LABEL;
    if (type.group().equals("rbac.authorization.k8s.io")) return PATH_SEGMENT;
    return DNS1123_SUBDOMAIN;
  }

  /**
   * The problems with a name. With {@code prefix} (a generateName) a trailing '-' is allowed, as
   * upstream masks it before checking.
   */
  public List<String> check(String name, boolean prefix) {
    String n = prefix && name.endsWith("-") ? name.substring(0, name.length() - 1) + "a" : name;
    return switch (this) {
      case DNS1123_SUBDOMAIN -> Names.dns1123Subdomain(n);
      case DNS1123_LABEL -> Names.dns1123Label(n);
      case DNS1035_LABEL -> Names.dns1035Label(n);
      case PATH_SEGMENT -> prefix ? Names.pathSegmentPrefix(name) : Names.pathSegmentName(name);
    };
  }
}
