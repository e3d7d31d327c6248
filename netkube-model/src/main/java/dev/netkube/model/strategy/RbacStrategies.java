package dev.netkube.model.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.validation.Errors;
import dev.netkube.model.validation.GoValues;
import dev.netkube.model.validation.Labels;
import dev.netkube.model.validation.Names;
import dev.netkube.model.validation.Nodes;
import dev.netkube.model.validation.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** rbac.authorization.k8s.io/v1 Roles, ClusterRoles and their bindings. */
public final class RbacStrategies {
  static final String GROUP = "rbac.authorization.k8s.io";

  private RbacStrategies() {}

  public static final ResourceStrategy ROLE = new RoleStrategy(true);
  public static final ResourceStrategy CLUSTER_ROLE = new RoleStrategy(false);
  public static final ResourceStrategy ROLE_BINDING = new BindingStrategy(true);
  public static final ResourceStrategy CLUSTER_ROLE_BINDING = new BindingStrategy(false);

  private record RoleStrategy(boolean namespaced) implements ResourceStrategy {
    @Override
    public List<FieldError> validateCreate(ObjectNode role) {
      List<FieldError> errs = new ArrayList<>();
      List<JsonNode> rules = Nodes.list(role, "rules");
      for (int i = 0; i < rules.size(); i++) rule(rules.get(i), namespaced, Path.of("rules").index(i), errs);
      JsonNode aggregation = Nodes.object(role, "aggregationRule");
      if (!namespaced && aggregation != null) {
        List<JsonNode> selectors = Nodes.list(aggregation, "clusterRoleSelectors");
        if (selectors.isEmpty()) {
          errs.add(Errors.required(Path.of("aggregationRule", "clusterRoleSelectors"), "at least one clusterRoleSelector required if aggregationRule is non-nil"));
        }
        for (int i = 0; i < selectors.size(); i++) {
          errs.addAll(Labels.validateSelector(selectors.get(i), Path.of("aggregationRule", "clusterRoleSelectors").index(i)));
        }
      }
      return errs;
    }
  }

  static void rule(JsonNode rule, boolean namespaced, Path p, List<FieldError> errs) {
    if (Nodes.strings(rule, "verbs").isEmpty()) errs.add(Errors.required(p.child("verbs"), "verbs must contain at least one value"));
    List<String> urls = Nodes.strings(rule, "nonResourceURLs");
    if (!urls.isEmpty()) {
      String urlsText = GoValues.stringSlice(urls, false);
      if (namespaced) errs.add(Errors.invalidRaw(p.child("nonResourceURLs"), urlsText, "namespaced rules cannot apply to non-resource URLs"));
      if (!Nodes.strings(rule, "apiGroups").isEmpty() || !Nodes.strings(rule, "resources").isEmpty()
          || !Nodes.strings(rule, "resourceNames").isEmpty()) {
        errs.add(Errors.invalidRaw(p.child("nonResourceURLs"), urlsText, "rules cannot apply to both regular resources and non-resource URLs"));
      }
      return;
    }
    if (Nodes.strings(rule, "apiGroups").isEmpty()) {
      errs.add(Errors.required(p.child("apiGroups"), "resource rules must supply at least one api group"));
    }
    if (Nodes.strings(rule, "resources").isEmpty()) {
      errs.add(Errors.required(p.child("resources"), "resource rules must supply at least one resource"));
    }
  }

  private record BindingStrategy(boolean namespaced) implements ResourceStrategy {
    @Override
    public void applyDefaults(ObjectNode binding) {
      ObjectNode roleRef = Nodes.objectOrCreate(binding, "roleRef");
      if (Nodes.text(roleRef, "apiGroup").isEmpty()) roleRef.put("apiGroup", GROUP);
      for (JsonNode s : Nodes.list(binding, "subjects")) {
        if (!(s instanceof ObjectNode subject) || Nodes.has(subject, "apiGroup") && !Nodes.text(subject, "apiGroup").isEmpty()) continue;
        String kind = Nodes.text(subject, "kind");
        if (kind.equals("User") || kind.equals("Group")) subject.put("apiGroup", GROUP);
        else if (kind.equals("ServiceAccount")) subject.put("apiGroup", "");
      }
    }

    @Override
    public List<FieldError> validateCreate(ObjectNode binding) {
      List<FieldError> errs = new ArrayList<>();
      JsonNode roleRef = Nodes.object(binding, "roleRef");
      Path rp = Path.of("roleRef");
      String apiGroup = Nodes.text(roleRef, "apiGroup");
      if (!apiGroup.equals(GROUP)) errs.add(Errors.notSupported(rp.child("apiGroup"), apiGroup, List.of(GROUP)));
      String kind = Nodes.text(roleRef, "kind");
      List<String> kinds = namespaced ? List.of("Role", "ClusterRole") : List.of("ClusterRole");
      if (!kinds.contains(kind)) errs.add(Errors.notSupported(rp.child("kind"), kind, kinds));
      String name = Nodes.text(roleRef, "name");
      if (name.isEmpty()) errs.add(Errors.required(rp.child("name")));
      else Errors.invalidEach(errs, rp.child("name"), name, Names.pathSegmentName(name));
      List<JsonNode> subjects = Nodes.list(binding, "subjects");
      for (int i = 0; i < subjects.size(); i++) subject(subjects.get(i), namespaced, Path.of("subjects").index(i), errs);
      return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode binding, ObjectNode old) {
      List<FieldError> errs = new ArrayList<>(validateCreate(binding));
      JsonNode roleRef = Nodes.object(binding, "roleRef");
      JsonNode oldRef = Nodes.object(old, "roleRef");
      boolean same = Objects.equals(Nodes.text(roleRef, "apiGroup"), Nodes.text(oldRef, "apiGroup"))
          && Objects.equals(Nodes.text(roleRef, "kind"), Nodes.text(oldRef, "kind"))
          && Objects.equals(Nodes.text(roleRef, "name"), Nodes.text(oldRef, "name"));
      if (!same) {
        errs.add(Errors.invalidRaw(Path.of("roleRef"), "rbac.RoleRef{APIGroup:" + GoValues.quote(Nodes.text(roleRef, "apiGroup"))
            + ", Kind:" + GoValues.quote(Nodes.text(roleRef, "kind")) + ", Name:" + GoValues.quote(Nodes.text(roleRef, "name")) + "}",
            "cannot change roleRef"));
      }
      return errs;
    }
  }

  static void subject(JsonNode s, boolean namespaced, Path p, List<FieldError> errs) {
    String name = Nodes.text(s, "name");
    if (name.isEmpty()) errs.add(Errors.required(p.child("name")));
    String apiGroup = Nodes.text(s, "apiGroup");
    switch (Nodes.text(s, "kind")) {
      case "ServiceAccount" -> {
        if (!name.isEmpty()) Errors.invalidEach(errs, p.child("name"), name, Names.dns1123Subdomain(name));
        if (!apiGroup.isEmpty()) errs.add(Errors.notSupported(p.child("apiGroup"), apiGroup, List.of("")));
        if (!namespaced && Nodes.text(s, "namespace").isEmpty()) errs.add(Errors.required(p.child("namespace")));
      }
      case "User", "Group" -> {
        if (!apiGroup.equals(GROUP)) errs.add(Errors.notSupported(p.child("apiGroup"), apiGroup, List.of(GROUP)));
      }
      default -> errs.add(Errors.notSupported(p.child("kind"), Nodes.text(s, "kind"), List.of("ServiceAccount", "User", "Group")));
    }
  }
}
