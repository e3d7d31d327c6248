package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation of an apiextensions.k8s.io/v1 CustomResourceDefinition as kube-apiserver does it,
 * with its field paths and wording. Like upstream, it works on the internal form: when every
 * version has the same schema, subresources or printer columns, they are checked (and reported)
 * at the top level (spec.validation, spec.subresources, spec.additionalPrinterColumns), and the
 * webhook conversion is reported under spec.conversion.webhookClientConfig.
 * Object metadata other than the name rule is validated elsewhere. Run {@link CrdDefaults#apply} first.
 */
public final class CrdValidation {
  static final String DNS1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
      + "with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex "
      + "used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
  static final String DNS1123_SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
      + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
      + "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  private static final Pattern DNS1035_RE = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN_RE =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final List<String> COLUMN_TYPES = List.of("boolean", "date", "integer", "number", "string");
  private static final List<String> COLUMN_FORMATS =
      List.of("byte", "date", "date-time", "double", "float", "int32", "int64", "password");
  private static final String APPROVAL = "api-approved.kubernetes.io";

  private CrdValidation() {}

  /** All errors of {@code crd}; {@code oldOrNull} is the stored object on update, null on create. */
  public static List<FieldError> validate(ObjectNode crd, ObjectNode oldOrNull) {
    CrdSpec c = new CrdSpec(crd);
    List<FieldError> errs = new ArrayList<>();
    String name = crd.path("metadata").path("name").asText("");
    if (!name.isEmpty() && !name.equals(c.plural() + "." + c.group())) {
      errs.add(FieldError.invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
    }
    spec(c, errs);
    if (oldOrNull != null) update(c, new CrdSpec(oldOrNull), errs);
    names(crd.path("status").path("acceptedNames"), "status.acceptedNames", errs);
    storedVersions(c, errs);
    apiApproval(crd, oldOrNull, errs);
    if (c.spec().path("preserveUnknownFields").asBoolean(false)
        && (oldOrNull == null || !new CrdSpec(oldOrNull).spec().path("preserveUnknownFields").asBoolean(false))) {
      errs.add(FieldError.invalid("spec.preserveUnknownFields", true,
          "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"));
    }
    return errs;
  }

  /** Identical per-version values move to the top level in the internal form. */
  private static JsonNode hoisted(List<JsonNode> versions, String field) {
    if (versions.isEmpty()) return null;
    JsonNode first = versions.get(0).path(field);
    for (JsonNode v : versions) if (!v.path(field).equals(first)) return null;
    return first;
  }

  private static void spec(CrdSpec c, List<FieldError> errs) {
    JsonNode spec = c.spec();
    String group = c.group();
    if (group.isEmpty()) {
      errs.add(FieldError.required("spec.group", ""));
    } else if (!dns1123Subdomain(group).isEmpty()) {
      errs.add(FieldError.invalid("spec.group", group, String.join(",", dns1123Subdomain(group))));
    } else if (!group.contains(".")) {
      errs.add(FieldError.invalid("spec.group", group, "should be a domain with at least one dot"));
    }
    String scope = c.scope();
    if (scope.isEmpty()) errs.add(FieldError.required("spec.scope", ""));
    else if (!scope.equals("Cluster") && !scope.equals("Namespaced")) {
      errs.add(FieldError.notSupported("spec.scope", scope, List.of("Cluster", "Namespaced")));
    }

    List<JsonNode> versions = c.versions();
    JsonNode topSchema = hoisted(versions, "schema");
    JsonNode topSub = hoisted(versions, "subresources");
    JsonNode topColumns = hoisted(versions, "additionalPrinterColumns");
    if (topSchema == null || !topSchema.path("openAPIV3Schema").isObject()) {
      for (int i = 0; i < versions.size(); i++) {
        if (!versions.get(i).path("schema").path("openAPIV3Schema").isObject()) {
          errs.add(FieldError.required("spec.versions[" + i + "].schema.openAPIV3Schema", "schemas are required"));
        }
      }
    }

    int storage = 0;
    Set<String> seen = new HashSet<>();
    boolean unique = true;
    for (int i = 0; i < versions.size(); i++) {
      JsonNode v = versions.get(i);
      String path = "spec.versions[" + i + "]";
      String vn = v.path("name").asText("");
      if (v.path("storage").asBoolean(false)) storage++;
      if (!seen.add(vn)) unique = false;
      List<String> dns = dns1035(vn);
      if (!dns.isEmpty()) errs.add(FieldError.invalid(path + ".name", vn, String.join(",", dns)));
      deprecationWarning(v, path, errs);
      JsonNode sub = topSub != null ? topSub : v.path("subresources");
      if (topSchema == null) {
        errs.addAll(CrdSchemaValidation.validate(v.path("schema"), path + ".schema", sub.has("status")));
      }
      if (topSub == null) subresources(v.path("subresources"), path + ".subresources", errs);
      if (topColumns == null) columns(v.path("additionalPrinterColumns"), path + ".additionalPrinterColumns", errs);
    }
    if (!unique) errs.add(new FieldError(FieldError.Type.INVALID, "spec.versions", versionsValue(versions), "must contain unique version names"));
    if (storage != 1) {
      errs.add(new FieldError(FieldError.Type.INVALID, "spec.versions", versionsValue(versions),
          "must have exactly one version marked as storage version"));
    }

    JsonNode names = c.names();
    for (String n : List.of("plural", "singular", "kind", "listKind")) {
      if (names.path(n).asText("").isEmpty()) errs.add(FieldError.required("spec.names." + n, ""));
    }
    names(names, "spec.names", errs);
    if (topSchema != null) {
      boolean anyStatus = topSub != null ? topSub.has("status") : versions.stream().anyMatch(v -> v.path("subresources").has("status"));
      errs.addAll(CrdSchemaValidation.validate(topSchema, "spec.validation", anyStatus));
    }
    if (topSub != null) subresources(topSub, "spec.subresources", errs);
    if (topColumns != null) columns(topColumns, "spec.additionalPrinterColumns", errs);
    conversion(spec.path("conversion"), errs);
  }

  private static void deprecationWarning(JsonNode v, String path, List<FieldError> errs) {
    JsonNode w = v.get("deprecationWarning");
    if (w == null || w.isNull()) return;
    String text = w.asText();
    String field = path + ".deprecationWarning";
    if (!v.path("deprecated").asBoolean(false)) errs.add(FieldError.invalid(field, text, "can only be set for deprecated versions"));
    if (text.length() > 256) errs.add(FieldError.invalid(field, text, "must be <= 256 characters long"));
    if (text.isEmpty()) errs.add(FieldError.invalid(field, text, "must not be an empty string"));
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        errs.add(FieldError.invalid(field, text,
            "must only contain printable UTF-8 characters; non-printable character found at index " + i));
        break;
      }
    }
  }

  /** %#v of the internal []CustomResourceDefinitionVersion, which upstream puts in these messages. */
  private static String versionsValue(List<JsonNode> versions) {
    if (versions.isEmpty()) return "[]apiextensions.CustomResourceDefinitionVersion(nil)";
    List<String> parts = new ArrayList<>();
    for (JsonNode v : versions) {
      parts.add("apiextensions.CustomResourceDefinitionVersion{Name:" + GoText.quote(v.path("name").asText(""))
          + ", Served:" + v.path("served").asBoolean(false) + ", Storage:" + v.path("storage").asBoolean(false)
          + ", Deprecated:" + v.path("deprecated").asBoolean(false)
          + ", DeprecationWarning:" + pointer("string", v.has("deprecationWarning"))
          + ", Schema:" + pointer("apiextensions.CustomResourceValidation", v.has("schema"))
          + ", Subresources:" + pointer("apiextensions.CustomResourceSubresources", v.has("subresources"))
          + ", AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil)"
          + ", SelectableFields:[]apiextensions.SelectableField(nil)}");
    }
    return "[]apiextensions.CustomResourceDefinitionVersion{" + String.join(", ", parts) + "}";
  }

  private static String pointer(String type, boolean set) {
    return "(*" + type + ")(" + (set ? "0xc000000000" : "nil") + ")";
  }

  private static void names(JsonNode names, String path, List<FieldError> errs) {
    if (!names.isObject()) return;
    for (String f : List.of("plural", "singular")) {
      String v = names.path(f).asText("");
      if (!v.isEmpty() && !dns1035(v).isEmpty()) errs.add(FieldError.invalid(path + "." + f, v, String.join(",", dns1035(v))));
    }
    for (String f : List.of("kind", "listKind")) {
      String v = names.path(f).asText("");
      List<String> dns = dns1035(v.toLowerCase(Locale.ROOT));
      if (!v.isEmpty() && !dns.isEmpty()) {
        errs.add(FieldError.invalid(path + "." + f, v, "may have mixed case, but should otherwise match: " + String.join(",", dns)));
      }
    }
    int i = 0;
    for (JsonNode s : names.path("shortNames")) {
      List<String> dns = dns1035(s.asText());
      if (!dns.isEmpty()) errs.add(FieldError.invalid(path + ".shortNames[" + i + "]", s.asText(), String.join(",", dns)));
      i++;
    }
    String kind = names.path("kind").asText("");
    if (!kind.isEmpty() && kind.equals(names.path("listKind").asText(""))) {
      errs.add(FieldError.invalid(path + ".listKind", kind, "kind and listKind may not be the same"));
    }
    i = 0;
    for (JsonNode s : names.path("categories")) {
      List<String> dns = dns1035(s.asText());
      if (!dns.isEmpty()) errs.add(FieldError.invalid(path + ".categories[" + i + "]", s.asText(), String.join(",", dns)));
      i++;
    }
  }

  private static void subresources(JsonNode sub, String path, List<FieldError> errs) {
    JsonNode scale = sub.path("scale");
    if (!scale.isObject()) return;
    scalePath(scale, "specReplicasPath", ".spec.", "should be a json path under .spec", path, true, errs);
    scalePath(scale, "statusReplicasPath", ".status.", "should be a json path under .status", path, true, errs);
    String selector = scale.path("labelSelectorPath").asText("");
    if (!selector.isEmpty()) {
      String field = path + ".scale.labelSelectorPath";
      List<FieldError> simple = simpleJsonPath(selector, field);
      if (!simple.isEmpty()) errs.addAll(simple);
      else if (!selector.startsWith(".spec.") && !selector.startsWith(".status.")) {
        errs.add(FieldError.invalid(field, selector, "should be a json path under either .spec or .status"));
      }
    }
  }

  private static void scalePath(JsonNode scale, String key, String prefix, String detail, String path, boolean required,
      List<FieldError> errs) {
    String v = scale.path(key).asText("");
    String field = path + ".scale." + key;
    if (v.isEmpty()) {
      if (required) errs.add(FieldError.required(field, ""));
      return;
    }
    List<FieldError> simple = simpleJsonPath(v, field);
    if (!simple.isEmpty()) errs.addAll(simple);
    else if (!v.startsWith(prefix)) errs.add(FieldError.invalid(field, v, detail));
  }

  private static List<FieldError> simpleJsonPath(String s, String field) {
    if (s.isEmpty()) return List.of(FieldError.invalid(field, s, "must not be empty"));
    if (s.charAt(0) != '.') return List.of(FieldError.invalid(field, s, "must be a simple json path starting with ."));
    return List.of();
  }

  private static void columns(JsonNode cols, String path, List<FieldError> errs) {
    int i = 0;
    for (JsonNode col : cols) {
      String p = path + "[" + i++ + "]";
      if (col.path("name").asText("").isEmpty()) errs.add(FieldError.required(p + ".name", ""));
      String type = col.path("type").asText("");
      String allowed = "must be one of " + String.join(",", COLUMN_TYPES);
      if (type.isEmpty()) errs.add(FieldError.required(p + ".type", allowed));
      else if (!COLUMN_TYPES.contains(type)) errs.add(FieldError.invalid(p + ".type", type, allowed));
      String format = col.path("format").asText("");
      if (!format.isEmpty() && !COLUMN_FORMATS.contains(format)) {
        errs.add(FieldError.invalid(p + ".format", format, "must be one of " + String.join(",", COLUMN_FORMATS)));
      }
      String jsonPath = col.path("jsonPath").asText("");
      if (jsonPath.isEmpty()) errs.add(FieldError.required(p + ".JSONPath", ""));
      else errs.addAll(simpleJsonPath(jsonPath, p + ".JSONPath"));
    }
  }

  private static void conversion(JsonNode conv, List<FieldError> errs) {
    if (!conv.isObject()) return;
    String path = "spec.conversion";
    String strategy = conv.path("strategy").asText("");
    if (strategy.isEmpty()) errs.add(FieldError.required(path + ".strategy", ""));
    else if (!strategy.equals("None") && !strategy.equals("Webhook")) {
      errs.add(FieldError.notSupported(path + ".strategy", strategy, List.of("None", "Webhook")));
    }
    JsonNode webhook = conv.path("webhook");
    JsonNode cc = webhook.path("clientConfig");
    JsonNode reviewVersions = webhook.path("conversionReviewVersions");
    String ccPath = path + ".webhookClientConfig";
    if (strategy.equals("Webhook")) {
      if (!cc.isObject()) {
        errs.add(FieldError.required(ccPath, "required when strategy is set to Webhook"));
      } else {
        boolean hasUrl = cc.hasNonNull("url");
        boolean hasService = cc.path("service").isObject();
        if (hasUrl == hasService) errs.add(FieldError.required(ccPath, "exactly one of url or service is required"));
        else if (hasUrl) webhookUrl(cc.get("url").asText(), ccPath + ".url", errs);
        else webhookService(cc.get("service"), ccPath + ".service", errs);
      }
      reviewVersions(reviewVersions, path + ".conversionReviewVersions", errs);
    } else {
      if (cc.isObject()) errs.add(FieldError.forbidden(ccPath, "should not be set when strategy is not set to Webhook"));
      if (reviewVersions.size() > 0) {
        errs.add(FieldError.forbidden(path + ".conversionReviewVersions", "should not be set when strategy is not set to Webhook"));
      }
    }
  }

  private static void webhookUrl(String url, String field, List<FieldError> errs) {
    String form = "; desired format: https://host[/path]";
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      errs.add(FieldError.required(field, "url must be a valid URL: " + e.getMessage() + form));
      return;
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme();
    if (!scheme.equals("https")) errs.add(FieldError.invalid(field, scheme, "'https' is the only allowed URL scheme" + form));
    if (u.getRawAuthority() == null || u.getHost() == null) {
      errs.add(FieldError.invalid(field, u.getRawAuthority() == null ? "" : u.getRawAuthority(), "host must be provided" + form));
    }
    if (u.getUserInfo() != null) errs.add(FieldError.invalid(field, u.getUserInfo(), "user information is not permitted in the URL"));
    if (u.getRawFragment() != null && !u.getRawFragment().isEmpty()) {
      errs.add(FieldError.invalid(field, u.getRawFragment(), "fragments are not permitted in the URL"));
    }
    if (u.getRawQuery() != null && !u.getRawQuery().isEmpty()) {
      errs.add(FieldError.invalid(field, u.getRawQuery(), "query parameters are not permitted in the URL"));
    }
  }

  private static void webhookService(JsonNode svc, String path, List<FieldError> errs) {
    // upstream passes (name, namespace) to a function declared (namespace, name): a missing name
    // is reported as a missing namespace and vice versa; kept for identical messages
    String name = svc.path("namespace").asText("");
    String namespace = svc.path("name").asText("");
    if (name.isEmpty()) errs.add(FieldError.required(path + ".name", "service name is required"));
    if (namespace.isEmpty()) errs.add(FieldError.required(path + ".namespace", "service namespace is required"));
    int port = svc.path("port").asInt(443);
    if (port < 1 || port > 65535) {
      errs.add(FieldError.invalid(path + ".port", port, "port is not valid: must be between 1 and 65535, inclusive"));
    }
    String p = svc.path("path").asText("");
    if (p.isEmpty() || p.equals("/")) return;
    if (p.equals("//")) {
      errs.add(FieldError.invalid(path + ".path", p, "segment[0] may not be empty"));
      return;
    }
    if (!p.startsWith("/")) errs.add(FieldError.invalid(path + ".path", p, "must start with a '/'"));
    String check = p.substring(1);
    if (check.endsWith("/")) check = check.substring(0, check.length() - 1);
    String[] steps = check.split("/", -1);
    for (int i = 0; i < steps.length; i++) {
      if (steps[i].isEmpty()) {
        errs.add(FieldError.invalid(path + ".path", p, "segment[" + i + "] may not be empty"));
        continue;
      }
      for (String failure : dns1123Subdomain(steps[i])) {
        errs.add(FieldError.invalid(path + ".path", p, "segment[" + i + "]: " + failure));
      }
    }
  }

  private static void reviewVersions(JsonNode versions, String path, List<FieldError> errs) {
    if (versions.size() < 1) {
      errs.add(FieldError.required(path, ""));
      return;
    }
    Set<String> seen = new HashSet<>();
    boolean accepted = false;
    List<String> all = new ArrayList<>();
    int i = 0;
    for (JsonNode n : versions) {
      String v = n.asText();
      all.add(v);
      String field = path + "[" + i++ + "]";
      if (!seen.add(v)) {
        errs.add(FieldError.invalid(field, v, "duplicate version"));
        continue;
      }
      for (String e : dns1035(v)) errs.add(FieldError.invalid(field, v, e));
      if (v.equals("v1") || v.equals("v1beta1")) accepted = true;
    }
    if (!accepted) errs.add(new FieldError(FieldError.Type.INVALID, path, GoText.stringSlice(all), "must include at least one of v1, v1beta1"));
  }

  private static void update(CrdSpec c, CrdSpec old, List<FieldError> errs) {
    boolean established = false;
    for (JsonNode cond : old.crd().path("status").path("conditions")) {
      if (cond.path("type").asText().equals("Established") && cond.path("status").asText().equals("True")) established = true;
    }
    if (established) {
      immutable("spec.scope", c.scope(), old.scope(), errs);
      immutable("spec.names.kind", c.kind(), old.kind(), errs);
    }
    immutable("spec.group", c.group(), old.group(), errs);
    immutable("spec.names.plural", c.plural(), old.plural(), errs);
  }

  private static void immutable(String field, String now, String before, List<FieldError> errs) {
    if (!now.equals(before)) errs.add(FieldError.invalid(field, now, "field is immutable"));
  }

  private static void storedVersions(CrdSpec c, List<FieldError> errs) {
    List<String> stored = CrdSpec.strings(c.crd().path("status").path("storedVersions"));
    String path = "status.storedVersions";
    if (stored.isEmpty()) {
      errs.add(new FieldError(FieldError.Type.INVALID, path, GoText.stringSlice(stored), "must have at least one stored version"));
      return;
    }
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < stored.size(); i++) index.put(stored.get(i), i);
    for (JsonNode v : c.versions()) {
      String name = v.path("name").asText("");
      boolean present = index.containsKey(name);
      if (v.path("storage").asBoolean(false) && !present) {
        errs.add(new FieldError(FieldError.Type.INVALID, path, GoText.stringSlice(stored), "must have the storage version " + name));
      }
      index.remove(name);
    }
    for (Map.Entry<String, Integer> e : index.entrySet()) {
      errs.add(FieldError.invalid(path + "[" + e.getValue() + "]", e.getKey(), "must appear in spec.versions"));
    }
  }

  private enum Approval { MISSING, BYPASSED, APPROVED, INVALID }

  private static Approval approval(ObjectNode crd) {
    JsonNode a = crd.path("metadata").path("annotations").get(APPROVAL);
    if (a == null) return Approval.MISSING;
    String v = a.asText("");
    if (v.startsWith("unapproved")) return Approval.BYPASSED;
    try {
      URI u = new URI(v);
      return u.isAbsolute() || v.startsWith("/") ? Approval.APPROVED : Approval.INVALID;
    } catch (URISyntaxException e) {
      return Approval.INVALID;
    }
  }

  /** Groups under k8s.io and kubernetes.io need the api-approved.kubernetes.io annotation (unchanged states pass). */
  private static void apiApproval(ObjectNode crd, ObjectNode old, List<FieldError> errs) {
    String group = new CrdSpec(crd).group();
    boolean protectedGroup = group.equals("k8s.io") || group.equals("kubernetes.io")
        || group.endsWith(".k8s.io") || group.endsWith(".kubernetes.io");
    if (!protectedGroup) return;
    Approval now = approval(crd);
    if (old != null && approval(old) == now) return;
    String field = "metadata.annotations[" + APPROVAL + "]";
    if (now == Approval.MISSING) {
      errs.add(FieldError.required(field, "protected groups must have approval annotation \"" + APPROVAL
          + "\", see https://github.com/kubernetes/enhancements/pull/1111"));
    } else if (now == Approval.INVALID) {
      errs.add(FieldError.invalid(field, crd.path("metadata").path("annotations").path(APPROVAL).asText(),
          "protected groups must have approval annotation \"" + APPROVAL + "\" with either a URL or a reason "
              + "starting with \"unapproved\", see https://github.com/kubernetes/enhancements/pull/1111"));
    }
  }

  static List<String> dns1035(String v) {
    List<String> errs = new ArrayList<>();
    if (v.length() > 63) errs.add("must be no more than 63 characters");
    if (!DNS1035_RE.matcher(v).matches()) errs.add(DNS1035);
    return errs;
  }

  static List<String> dns1123Subdomain(String v) {
    List<String> errs = new ArrayList<>();
    if (v.length() > 253) errs.add("must be no more than 253 characters");
    if (!DNS1123_SUBDOMAIN_RE.matcher(v).matches()) errs.add(DNS1123_SUBDOMAIN);
    return errs;
  }

}
