package dev.netkube.model.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The built-in resources netkube serves, with upstream's scope, short names, categories and subresources. */
public final class BuiltinResources {
  private static final List<ResourceType> ALL;

  static {
    List<ResourceType> r = new ArrayList<>();
    // core/v1
    r.add(ns("", "v1", "ConfigMap", "configmaps", List.of("cm"), List.of(), Set.of()));
    r.add(ns("", "v1", "Endpoints", "endpoints", List.of("ep"), List.of(), Set.of()));
    r.add(ns("", "v1", "Event", "events", List.of("ev"), List.of(), Set.of()));
    r.add(cluster("", "v1", "Namespace", "namespaces", List.of("ns"), List.of(), Set.of("status", "finalize")));
    r.add(cluster("", "v1", "Node", "nodes", List.of("no"), List.of(), Set.of("status")));
    r.add(ns("", "v1", "Pod", "pods", List.of("po"), List.of("all"),
        Set.of("status", "log", "exec", "attach", "portforward", "binding", "eviction", "ephemeralcontainers")));
    r.add(ns("", "v1", "Secret", "secrets", List.of(), List.of(), Set.of()));
    r.add(ns("", "v1", "ServiceAccount", "serviceaccounts", List.of("sa"), List.of(), Set.of("token")));
    r.add(ns("", "v1", "Service", "services", List.of("svc"), List.of("all"), Set.of("status", "proxy")));
    // apps/v1
    r.add(ns("apps", "v1", "ControllerRevision", "controllerrevisions", List.of(), List.of(), Set.of()));
    r.add(ns("apps", "v1", "DaemonSet", "daemonsets", List.of("ds"), List.of("all"), Set.of("status")));
    r.add(ns("apps", "v1", "Deployment", "deployments", List.of("deploy"), List.of("all"), Set.of("status", "scale")));
    r.add(ns("apps", "v1", "ReplicaSet", "replicasets", List.of("rs"), List.of("all"), Set.of("status", "scale")));
    r.add(ns("apps", "v1", "StatefulSet", "statefulsets", List.of("sts"), List.of("all"), Set.of("status", "scale")));
    // batch/v1
    r.add(ns("batch", "v1", "Job", "jobs", List.of(), List.of("all"), Set.of("status")));
    r.add(ns("batch", "v1", "CronJob", "cronjobs", List.of("cj"), List.of("all"), Set.of("status")));
    // discovery, networking, coordination, events, policy
    r.add(ns("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", List.of(), List.of(), Set.of()));
    r.add(ns("networking.k8s.io", "v1", "Ingress", "ingresses", List.of("ing"), List.of(), Set.of("status")));
    r.add(cluster("networking.k8s.io", "v1", "IngressClass", "ingressclasses", List.of(), List.of(), Set.of()));
    r.add(ns("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", List.of("netpol"), List.of(), Set.of()));
    r.add(ns("coordination.k8s.io", "v1", "Lease", "leases", List.of(), List.of(), Set.of()));
    r.add(ns("events.k8s.io", "v1", "Event", "events", List.of("ev"), List.of(), Set.of()));
    r.add(ns("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", List.of("pdb"), List.of(), Set.of("status")));
    // rbac
    r.add(ns("rbac.authorization.k8s.io", "v1", "Role", "roles", List.of(), List.of(), Set.of()));
    r.add(ns("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", List.of(), List.of(), Set.of()));
    r.add(cluster("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", List.of(), List.of(), Set.of()));
    r.add(cluster("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", List.of(), List.of(), Set.of()));
    // admission and extensions
    r.add(cluster("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration",
        "validatingwebhookconfigurations", List.of(), List.of("api-extensions"), Set.of()));
    r.add(cluster("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration",
        "mutatingwebhookconfigurations", List.of(), List.of("api-extensions"), Set.of()));
    r.add(cluster("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions",
        List.of("crd", "crds"), List.of("api-extensions"), Set.of("status")));
    // Reviews: create-only, answered at once and never stored (kubectl auth can-i / whoami, webhooks).
    r.add(review("authentication.k8s.io", "SelfSubjectReview", "selfsubjectreviews", false));
    r.add(review("authentication.k8s.io", "TokenReview", "tokenreviews", false));
    r.add(review("authorization.k8s.io", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false));
    r.add(review("authorization.k8s.io", "SelfSubjectRulesReview", "selfsubjectrulesreviews", false));
    r.add(review("authorization.k8s.io", "SubjectAccessReview", "subjectaccessreviews", false));
    r.add(review("authorization.k8s.io", "LocalSubjectAccessReview", "localsubjectaccessreviews", true));
    ALL = Collections.unmodifiableList(r);
  }

  private BuiltinResources() {}

  public static List<ResourceType> all() { return ALL; }

  /** The group order discovery lists (upstream puts core first, then its own priority order). */
  public static List<String> groupOrder() {
    List<String> groups = new ArrayList<>();
    for (ResourceType t : ALL) if (!groups.contains(t.group())) groups.add(t.group());
    return groups;
  }

  private static ResourceType ns(String g, String v, String kind, String plural, List<String> shortNames,
      List<String> categories, Set<String> sub) {
    return new ResourceType(g, v, kind, plural, kind.toLowerCase(Locale.ROOT), true, shortNames, categories, sub,
        ResourceType.ALL_VERBS);
  }

  private static ResourceType review(String g, String kind, String plural, boolean namespaced) {
    return new ResourceType(g, "v1", kind, plural, kind.toLowerCase(Locale.ROOT), namespaced, List.of(), List.of(),
        Set.of(), List.of("create"));
  }

  /** Whether a type is a review: created, answered, never stored. */
  public static boolean isReview(ResourceType t) {
    return t.verbs().equals(List.of("create"))
        && (t.group().equals("authentication.k8s.io") || t.group().equals("authorization.k8s.io"));
  }

  private static ResourceType cluster(String g, String v, String kind, String plural, List<String> shortNames,
      List<String> categories, Set<String> sub) {
    return new ResourceType(g, v, kind, plural, kind.toLowerCase(Locale.ROOT), false, shortNames, categories, sub,
        ResourceType.ALL_VERBS);
  }
}
