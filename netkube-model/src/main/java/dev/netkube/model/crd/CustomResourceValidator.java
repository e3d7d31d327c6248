package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.api.FieldError;
import java.net.InetAddress;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a custom object against a structural openAPIV3Schema as kube-apiserver does: the
 * kube-openapi validators (type, string, format, number, slice, enum, object) with their
 * messages ("spec.x in body must be of type integer: \"string\""), mapped to field errors the
 * way apiextensions-apiserver maps them (Required, Unsupported value, Too long, Too many,
 * Invalid value).
 */
final class CustomResourceValidator {
  private static final Set<String> ROOT_META = Set.of("apiVersion", "kind", "metadata");

  private final String fieldPrefix;
  private final List<FieldError> errors = new ArrayList<>();

  private CustomResourceValidator(String fieldPrefix) {
    this.fieldPrefix = fieldPrefix;
  }

  /** Errors of a whole object against the root schema; apiVersion, kind and metadata are not checked here. */
  static List<FieldError> validateObject(JsonNode object, JsonNode rootSchema) {
    CustomResourceValidator v = new CustomResourceValidator("");
    v.check(object, rootSchema, "", true);
    return v.errors;
  }

  /**
   * Errors of a value against a sub-schema. {@code fieldPrefix} is prepended to error field paths
   * only (upstream validates status and defaults with a validator rooted at the sub-schema, so
   * the names inside messages are relative).
   */
  static List<FieldError> validateValue(JsonNode value, JsonNode schema, String fieldPrefix) {
    CustomResourceValidator v = new CustomResourceValidator(fieldPrefix);
    v.check(value, schema, "", false);
    return v.errors;
  }

  private String fieldOf(String name) {
    if (fieldPrefix.isEmpty()) return name;
    if (name.isEmpty()) return fieldPrefix;
    return name.startsWith("[") ? fieldPrefix + name : fieldPrefix + "." + name;
  }

  private static String child(String name, String key) {
    return name.isEmpty() ? key : name + "." + key;
  }

  private void invalid(String name, String renderedValue, String detail) {
    errors.add(new FieldError(FieldError.Type.INVALID, fieldOf(name), renderedValue, detail));
  }

  private void typeInvalid(String name, String renderedValue, String detail) {
    errors.add(new FieldError(FieldError.Type.TYPE_INVALID, fieldOf(name), renderedValue, detail));
  }

  private void check(JsonNode v, JsonNode s, String name, boolean resourceRoot) {
    if (s == null || !s.isObject()) return;
    boolean isNull = v == null || v.isNull() || v.isMissingNode();
    List<String> types = types(s);
    String in = name + " in body";
    if (isNull) {
      if (!types.isEmpty() && !s.path("nullable").asBoolean(false)) {
        typeInvalid(name, "\"null\"", in + " must be of type " + String.join(",", types) + ": \"null\"");
      }
      checkEnum(v, s, name);
      return;
    }
    String actual = GoText.jsonType(v);
    boolean typeOk = types.isEmpty() || types.contains(actual)
        || (actual.equals("number") && types.contains("integer") && isIntegral(v))
        || (actual.equals("integer") && types.contains("number"));
    if (!typeOk) {
      typeInvalid(name, GoText.quote(actual), in + " must be of type " + String.join(",", types) + ": "
          + GoText.quote(actual));
    }
    combinators(v, s, name);
    if (v.isTextual()) {
      checkString(v.asText(), s, name, in);
      checkFormat(v.asText(), s, name, in);
    }
    if (v.isNumber()) checkNumber(v, s, name, in);
    if (v.isArray()) checkArray(v, s, name, in);
    checkEnum(v, s, name);
    if (v.isObject()) checkObject(v, s, name, in, resourceRoot);
  }

  /** Errors of {@code v} against one branch schema, without recording them. */
  private List<FieldError> branch(JsonNode v, JsonNode sub, String name) {
    CustomResourceValidator b = new CustomResourceValidator(fieldPrefix);
    b.check(v, sub, name, false);
    return b.errors;
  }

  /**
   * anyOf/oneOf/allOf/not as kube-openapi's schemaPropsValidator. Their own messages are plain
   * errors that upstream reports on the validator's root path with an empty value.
   */
  private void combinators(JsonNode v, JsonNode s, String name) {
    String quoted = GoText.quote(name);
    JsonNode anyOf = s.path("anyOf");
    if (anyOf.isArray() && !anyOf.isEmpty()) {
      List<FieldError> best = null;
      boolean ok = false;
      for (JsonNode sub : anyOf) {
        List<FieldError> r = branch(v, sub, name);
        if (r.isEmpty()) {
          ok = true;
          break;
        }
        if (best == null || r.size() < best.size()) best = r;
      }
      if (!ok) {
        errors.add(new FieldError(FieldError.Type.INVALID, fieldPrefix, "\"\"", quoted + " must validate at least one schema (anyOf)"));
        errors.addAll(best);
      }
    }
    JsonNode oneOf = s.path("oneOf");
    if (oneOf.isArray() && !oneOf.isEmpty()) {
      int valid = 0;
      List<FieldError> best = null;
      for (JsonNode sub : oneOf) {
        List<FieldError> r = branch(v, sub, name);
        if (r.isEmpty()) valid++;
        else if (valid == 0 && (best == null || r.size() < best.size())) best = r;
      }
      if (valid != 1) {
        String more = valid == 0 ? "Found none valid" : "Found " + valid + " valid alternatives";
        errors.add(new FieldError(FieldError.Type.INVALID, fieldPrefix, "\"\"",
            quoted + " must validate one and only one schema (oneOf). " + more));
        if (valid == 0 && best != null) errors.addAll(best);
      }
    }
    JsonNode allOf = s.path("allOf");
    if (allOf.isArray() && !allOf.isEmpty()) {
      int valid = 0;
      for (JsonNode sub : allOf) {
        List<FieldError> r = branch(v, sub, name);
        if (r.isEmpty()) valid++;
        errors.addAll(r);
      }
      if (valid != allOf.size()) {
        errors.add(new FieldError(FieldError.Type.INVALID, fieldPrefix, "\"\"",
            quoted + " must validate all the schemas (allOf)" + (valid == 0 ? ". None validated" : "")));
      }
    }
    if (s.path("not").isObject() && branch(v, s.get("not"), name).isEmpty()) {
      errors.add(new FieldError(FieldError.Type.INVALID, fieldPrefix, "\"\"", quoted + " must not validate the schema (not)"));
    }
  }

  private static List<String> types(JsonNode s) {
    if (s.path("x-kubernetes-int-or-string").asBoolean(false)) return List.of("integer", "string");
    String t = s.path("type").asText("");
    return t.isEmpty() ? List.of() : List.of(t);
  }

  private static boolean isIntegral(JsonNode v) {
    double d = v.doubleValue();
    return d == Math.rint(d) && !Double.isInfinite(d);
  }

  private void checkString(String text, JsonNode s, String name, String in) {
    int chars = text.codePointCount(0, text.length());
    if (s.has("maxLength") && chars > s.get("maxLength").asLong()) {
      // upstream reports maxLength as field.TooLong, whose message omits the value
      errors.add(new FieldError(FieldError.Type.TOO_LONG, fieldOf(name), "\"\"",
          "may not be more than " + s.get("maxLength").asLong() + " bytes"));
      return;
    }
    if (s.has("minLength") && chars < s.get("minLength").asLong()) {
      invalid(name, GoText.quote(text), in + " should be at least " + s.get("minLength").asLong() + " chars long");
      return;
    }
    String pattern = s.path("pattern").asText("");
    if (!pattern.isEmpty()) {
      try {
        if (!Pattern.compile(pattern).matcher(text).find()) {
          invalid(name, GoText.quote(text), in + " should match '" + pattern + "'");
        }
      } catch (PatternSyntaxException e) {
        // an invalid pattern is rejected when the CRD is written; nothing to check here
      }
    }
  }

  private void checkFormat(String text, JsonNode s, String name, String in) {
    String format = s.path("format").asText("");
    if (format.isEmpty() || Formats.valid(format, text)) return;
    typeInvalid(name, GoText.quote(text), in + " must be of type " + format + ": " + GoText.quote(text));
  }

  private void checkNumber(JsonNode v, JsonNode s, String name, String in) {
    boolean integer = v.isIntegralNumber();
    double d = v.doubleValue();
    String value = GoText.v(v);
    if (s.has("multipleOf")) {
      double m = s.get("multipleOf").asDouble();
      if (m > 0 && Math.abs(d / m - Math.rint(d / m)) > 1e-9) {
        invalid(name, value, in + " should be a multiple of " + GoText.bound(m, integer));
      }
    }
    if (s.has("minimum")) {
      double min = s.get("minimum").asDouble();
      boolean exclusive = s.path("exclusiveMinimum").asBoolean(false);
      if (exclusive ? d <= min : d < min) {
        invalid(name, value, in + (exclusive ? " should be greater than " : " should be greater than or equal to ")
            + GoText.bound(min, integer));
      }
    }
    if (s.has("maximum")) {
      double max = s.get("maximum").asDouble();
      boolean exclusive = s.path("exclusiveMaximum").asBoolean(false);
      if (exclusive ? d >= max : d > max) {
        invalid(name, value, in + (exclusive ? " should be less than " : " should be less than or equal to ")
            + GoText.bound(max, integer));
      }
    }
  }

  private void checkArray(JsonNode v, JsonNode s, String name, String in) {
    JsonNode items = s.get("items");
    if (items != null && items.isObject()) {
      for (int i = 0; i < v.size(); i++) check(v.get(i), items, name + "[" + i + "]", false);
    }
    if (s.has("minItems") && v.size() < s.get("minItems").asLong()) {
      invalid(name, String.valueOf(v.size()), in + " should have at least " + s.get("minItems").asLong() + " items");
    }
    if (s.has("maxItems") && v.size() > s.get("maxItems").asLong()) {
      errors.add(new FieldError(FieldError.Type.TOO_MANY, fieldOf(name), String.valueOf(v.size()),
          "must have at most " + s.get("maxItems").asLong() + " items"));
    }
    if (s.path("uniqueItems").asBoolean(false)) {
      Set<JsonNode> seen = new HashSet<>();
      for (JsonNode e : v) {
        if (!seen.add(e)) {
          invalid(name, "\"\"", in + " shouldn't contain duplicates");
          break;
        }
      }
    }
  }

  private void checkEnum(JsonNode v, JsonNode s, String name) {
    JsonNode e = s.get("enum");
    if (e == null || !e.isArray() || e.isEmpty()) return;
    for (JsonNode allowed : e) if (sameValue(allowed, v)) return;
    StringBuilder d = new StringBuilder("supported values: ");
    int i = 0;
    for (JsonNode allowed : e) {
      String text = allowed.isTextual() ? allowed.asText() : allowed.toString();
      d.append(i++ > 0 ? ", " : "").append(GoText.quote(text));
    }
    errors.add(new FieldError(FieldError.Type.NOT_SUPPORTED, fieldOf(name), GoText.errorValue(v), d.toString()));
  }

  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (b == null || b.isNull() || b.isMissingNode()) return a.isNull();
    if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
    return a.equals(b);
  }

  private void checkObject(JsonNode v, JsonNode s, String name, String in, boolean resourceRoot) {
    boolean embedded = s.path("x-kubernetes-embedded-resource").asBoolean(false);
    if (s.has("minProperties") && v.size() < s.get("minProperties").asLong()) {
      invalid(name, String.valueOf(v.size()), in + " should have at least " + s.get("minProperties").asLong()
          + " properties");
    }
    if (s.has("maxProperties") && v.size() > s.get("maxProperties").asLong()) {
      errors.add(new FieldError(FieldError.Type.TOO_MANY, fieldOf(name), String.valueOf(v.size()),
          "must have at most " + s.get("maxProperties").asLong() + " items"));
    }
    JsonNode props = s.path("properties");
    JsonNode additional = s.get("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      // apiVersion, kind and metadata of a resource are checked by the API machinery, not the schema
      if ((resourceRoot || embedded) && ROOT_META.contains(f.getKey())) continue;
      JsonNode ps = props.get(f.getKey());
      if (ps != null) {
        check(f.getValue(), ps, child(name, f.getKey()), false);
      } else if (additional != null && additional.isObject()) {
        check(f.getValue(), additional, child(name, f.getKey()), false);
      }
    }
    for (JsonNode r : s.path("required")) {
      String key = r.asText();
      if (resourceRoot && ROOT_META.contains(key)) continue;
      if (!v.has(key)) errors.add(FieldError.required(fieldOf(child(name, key)), ""));
    }
    if (embedded) {
      // embedded resources must name their kind, as objectmeta validation of upstream demands
      if (textField(v, "apiVersion").isEmpty()) errors.add(FieldError.required(fieldOf(child(name, "apiVersion")), "must not be empty"));
      if (textField(v, "kind").isEmpty()) errors.add(FieldError.required(fieldOf(child(name, "kind")), "must not be empty"));
    }
  }

  private static String textField(JsonNode v, String key) {
    JsonNode n = v.get(key);
    return n != null && n.isTextual() ? n.asText() : "";
  }

  /** The string formats apiextensions-apiserver enables; unknown formats are ignored as upstream does. */
  static final class Formats {
    private static final Pattern UUID = Pattern.compile(
        "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
    private static final Pattern HOSTNAME = Pattern.compile(
        "^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)|([a-zA-Z0-9\\p{S}\\p{L}](([a-zA-Z0-9-\\p{S}\\p{L}]{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}([a-zA-Z\\p{L}]){2,63})$");
    private static final Pattern MAC = Pattern.compile(
        "^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{4}\\.){2}[0-9A-Fa-f]{4}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final Pattern DURATION = Pattern.compile(
        "^(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h))+$|^[0-9]+\\s*(ns|us|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|weeks?)$");
    private static final Pattern IPV4 = Pattern.compile("^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$");

    private Formats() {}

    static boolean valid(String format, String s) {
      return switch (format.replace("-", "")) {
        case "datetime" -> parses(() -> OffsetDateTime.parse(s));
        case "date" -> parses(() -> LocalDate.parse(s));
        case "byte" -> parses(() -> Base64.getDecoder().decode(s));
        case "uuid" -> UUID.matcher(s).matches();
        case "ipv4" -> IPV4.matcher(s).matches();
        case "ipv6" -> s.contains(":") && isIp(s);
        case "cidr" -> isCidr(s);
        case "mac" -> MAC.matcher(s).matches();
        case "hostname" -> HOSTNAME.matcher(s).matches();
        case "email" -> EMAIL.matcher(s).matches();
        case "duration" -> DURATION.matcher(s).matches();
        default -> true;
      };
    }

    private static boolean parses(Runnable r) {
      try {
        r.run();
        return true;
      } catch (DateTimeParseException | IllegalArgumentException e) {
        return false;
      }
    }

    private static boolean isIp(String s) {
      if (!s.matches("[0-9a-fA-F:.]+")) return false;
      try {
        InetAddress.getByName(s);
        return true;
      } catch (Exception e) {
        return false;
      }
    }

    private static boolean isCidr(String s) {
      int slash = s.indexOf('/');
      if (slash < 0) return false;
      String ip = s.substring(0, slash);
      String bits = s.substring(slash + 1);
      if (!bits.matches("[0-9]{1,3}")) return false;
      int n = Integer.parseInt(bits);
      if (IPV4.matcher(ip).matches()) return n <= 32;
      return ip.contains(":") && isIp(ip) && n <= 128;
    }
  }
}
