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
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** admissionregistration.k8s.io/v1 Validating- and MutatingWebhookConfiguration. */
public final class WebhookStrategies {
  private static final List<String> FAILURE_POLICIES = List.of("Fail", "Ignore");
  private static final List<String> MATCH_POLICIES = List.of("Equivalent", "Exact");
  private static final List<String> SIDE_EFFECTS = List.of("None", "NoneOnDryRun");
  private static final List<String> REINVOCATION = List.of("IfNeeded", "Never");
  private static final List<String> REVIEW_VERSIONS = List.of("v1", "v1beta1");
  private static final List<String> SCOPES = List.of("*", "Cluster", "Namespaced");
  private static final List<String> OPERATIONS = List.of("*", "CONNECT", "CREATE", "DELETE", "UPDATE");

  private WebhookStrategies() {}

  public static final ResourceStrategy VALIDATING = new WebhookConfigurationStrategy(false);
  public static final ResourceStrategy MUTATING = new WebhookConfigurationStrategy(true);

  private record WebhookConfigurationStrategy(boolean mutating) implements ResourceStrategy {
    @Override
    public void applyDefaults(ObjectNode config) {
      for (JsonNode w : Nodes.list(config, "webhooks")) {
        if (!(w instanceof ObjectNode hook)) continue;
        if (Nodes.text(hook, "failurePolicy").isEmpty()) hook.put("failurePolicy", "Fail");
        if (Nodes.text(hook, "matchPolicy").isEmpty()) hook.put("matchPolicy", "Equivalent");
        if (!Nodes.has(hook, "namespaceSelector")) hook.putObject("namespaceSelector");
        if (!Nodes.has(hook, "objectSelector")) hook.putObject("objectSelector");
        if (!Nodes.has(hook, "timeoutSeconds")) hook.put("timeoutSeconds", 10);
        if (mutating && Nodes.text(hook, "reinvocationPolicy").isEmpty()) hook.put("reinvocationPolicy", "Never");
        for (JsonNode r : Nodes.list(hook, "rules")) {
          if (r instanceof ObjectNode rule && Nodes.text(rule, "scope").isEmpty()) rule.put("scope", "*");
        }
        ObjectNode service = Nodes.object(Nodes.object(hook, "clientConfig"), "service");
        if (service != null && !Nodes.has(service, "port")) service.put("port", 443);
      }
    }

    @Override
    public List<FieldError> validateCreate(ObjectNode config) {
      List<FieldError> errs = new ArrayList<>();
      List<JsonNode> hooks = Nodes.list(config, "webhooks");
      Set<String> names = new HashSet<>();
      for (int i = 0; i < hooks.size(); i++) {
        JsonNode hook = hooks.get(i);
        Path p = Path.of("webhooks").index(i);
        String name = Nodes.text(hook, "name");
        if (!names.add(name)) errs.add(Errors.duplicate(p.child("name"), name));
        webhook(hook, p, errs);
      }
      return errs;
    }

    private void webhook(JsonNode hook, Path p, List<FieldError> errs) {
      String name = Nodes.text(hook, "name");
      if (name.isEmpty()) {
        errs.add(Errors.required(p.child("name")));
      } else if (!Names.dns1123Subdomain(name).isEmpty()) {
        errs.add(Errors.invalid(p.child("name"), name, String.join(",", Names.dns1123Subdomain(name))));
      } else if (name.split("\\.").length < 3) {
        errs.add(Errors.invalid(p.child("name"), name, "should be a domain with at least three segments separated by dots"));
      }
      List<JsonNode> rules = Nodes.list(hook, "rules");
      for (int i = 0; i < rules.size(); i++) rule(rules.get(i), p.child("rules").index(i), errs);
      oneOf(hook, "failurePolicy", FAILURE_POLICIES, p, errs);
      oneOf(hook, "matchPolicy", MATCH_POLICIES, p, errs);
      if (mutating) oneOf(hook, "reinvocationPolicy", REINVOCATION, p, errs);
      errs.addAll(Labels.validateSelector(Nodes.object(hook, "namespaceSelector"), p.child("namespaceSelector")));
      errs.addAll(Labels.validateSelector(Nodes.object(hook, "objectSelector"), p.child("objectSelector")));
      if (!Nodes.has(hook, "sideEffects")) {
        errs.add(Errors.required(p.child("sideEffects"), "must specify one of " + String.join(", ", SIDE_EFFECTS)));
      } else {
        oneOf(hook, "sideEffects", SIDE_EFFECTS, p, errs);
      }
      if (Nodes.has(hook, "timeoutSeconds")) {
        long t = Nodes.integer(hook, "timeoutSeconds", 0);
        if (t < 1 || t > 30) errs.add(Errors.invalid(p.child("timeoutSeconds"), t, "the timeout value must be between 1 and 30 seconds"));
      }
      reviewVersions(hook, p.child("admissionReviewVersions"), errs);
      clientConfig(Nodes.object(hook, "clientConfig"), p.child("clientConfig"), errs);
    }

    private static void oneOf(JsonNode hook, String field, List<String> allowed, Path p, List<FieldError> errs) {
      if (!Nodes.has(hook, field)) return;
      String v = Nodes.text(hook, field);
      if (!allowed.contains(v)) errs.add(Errors.notSupported(p.child(field), v, allowed));
    }

    private static void reviewVersions(JsonNode hook, Path p, List<FieldError> errs) {
      List<String> versions = Nodes.strings(hook, "admissionReviewVersions");
      if (versions.isEmpty()) {
        errs.add(Errors.required(p, "must specify one of " + String.join(", ", REVIEW_VERSIONS)));
        return;
      }
      Set<String> seen = new HashSet<>();
      boolean accepted = false;
      for (int i = 0; i < versions.size(); i++) {
        String v = versions.get(i);
        if (!seen.add(v)) {
          errs.add(Errors.invalid(p.index(i), v, "duplicate version"));
          continue;
        }
        Errors.invalidEach(errs, p.index(i), v, Names.dns1035Label(v));
        accepted |= REVIEW_VERSIONS.contains(v);
      }
      if (!accepted) {
        errs.add(Errors.invalidRaw(p, GoValues.stringSlice(versions, false),
            "must include at least one of " + String.join(", ", REVIEW_VERSIONS)));
      }
    }

    private static void rule(JsonNode rule, Path p, List<FieldError> errs) {
      List<String> ops = Nodes.strings(rule, "operations");
      if (ops.isEmpty()) errs.add(Errors.required(p.child("operations")));
      for (int i = 0; i < ops.size(); i++) {
        if (!OPERATIONS.contains(ops.get(i))) errs.add(Errors.notSupported(p.child("operations").index(i), ops.get(i), OPERATIONS));
      }
      if (ops.size() > 1 && ops.contains("*")) {
        errs.add(Errors.invalidRaw(p.child("operations"), "[]admissionregistration.OperationType{...}",
            "if '*' is present, must not specify other operations"));
      }
      if (Nodes.strings(rule, "apiGroups").isEmpty()) errs.add(Errors.required(p.child("apiGroups")));
      if (Nodes.strings(rule, "apiVersions").isEmpty()) errs.add(Errors.required(p.child("apiVersions")));
      if (Nodes.strings(rule, "resources").isEmpty()) errs.add(Errors.required(p.child("resources")));
      if (Nodes.has(rule, "scope")) {
        String scope = Nodes.text(rule, "scope");
        if (!SCOPES.contains(scope)) errs.add(Errors.notSupported(p.child("scope"), scope, SCOPES));
      }
    }

    private static void clientConfig(JsonNode cc, Path p, List<FieldError> errs) {
      boolean hasUrl = Nodes.has(cc, "url");
      JsonNode service = Nodes.object(cc, "service");
      if (hasUrl == (service != null)) {
        errs.add(Errors.required(p, "exactly one of url or service is required"));
        return;
      }
      if (hasUrl) {
        String url = Nodes.text(cc, "url");
        Path up = p.child("url");
        try {
          URI u = new URI(url);
          if (!"https".equals(u.getScheme())) errs.add(Errors.invalid(up, u.getScheme() == null ? "" : u.getScheme(), "'https' is the only allowed URL scheme"));
          if (u.getHost() == null || u.getHost().isEmpty()) errs.add(Errors.invalid(up, url, "host must be specified"));
          if (u.getRawUserInfo() != null) errs.add(Errors.invalid(up, u.getRawUserInfo(), "user information is not permitted in the URL"));
          if (u.getRawFragment() != null) errs.add(Errors.invalid(up, u.getRawFragment(), "fragments are not permitted in the URL"));
          if (u.getRawQuery() != null) errs.add(Errors.invalid(up, u.getRawQuery(), "query parameters are not permitted in the URL"));
        } catch (java.net.URISyntaxException e) {
          errs.add(Errors.invalid(up, url, "url must be a valid URL: " + e.getMessage()));
        }
        return;
      }
      Path sp = p.child("service");
      if (Nodes.text(service, "name").isEmpty()) errs.add(Errors.required(sp.child("name"), "service name is required"));
      if (Nodes.text(service, "namespace").isEmpty()) errs.add(Errors.required(sp.child("namespace"), "service namespace is required"));
      long port = Nodes.integer(service, "port", 443);
      List<String> bad = Names.portNumber(port);
      if (!bad.isEmpty()) errs.add(Errors.invalid(sp.child("port"), port, "port is not valid: " + String.join(", ", bad)));
      if (Nodes.has(service, "path")) {
        String path = Nodes.text(service, "path");
        if (!path.startsWith("/")) errs.add(Errors.invalid(sp.child("path"), path, "must start with a '/'"));
      }
    }
  }
}
