package dev.netkube.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.api.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Labels, annotations and label selectors as apimachinery validates and matches them. */
public final class Labels {
  /** Upstream's TotalAnnotationSizeLimitB: 256 KiB for all keys and values together. */
  public static final int TOTAL_ANNOTATION_SIZE = 256 * 1024;

  private Labels() {}

  /** Errors carry the map's path, not the key's, as upstream's ValidateLabels does. */
  public static List<FieldError> validateLabels(Map<String, String> labels, Path path) {
    List<FieldError> errs = new ArrayList<>();
    for (Map.Entry<String, String> e : labels.entrySet()) {
      Errors.invalidEach(errs, path, e.getKey(), Names.qualifiedName(e.getKey()));
      Errors.invalidEach(errs, path, e.getValue(), Names.labelValue(e.getValue()));
    }
    return errs;
  }

  public static List<FieldError> validateAnnotations(Map<String, String> annotations, Path path) {
    List<FieldError> errs = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, String> e : annotations.entrySet()) {
      // Annotation keys are qualified names whose case does not matter.
      Errors.invalidEach(errs, path, e.getKey(), Names.qualifiedName(e.getKey().toLowerCase(Locale.ROOT)));
      total += utf8Length(e.getKey()) + utf8Length(e.getValue());
    }
    if (total > TOTAL_ANNOTATION_SIZE) {
      errs.add(new FieldError(FieldError.Type.TOO_LONG, path.text(), "\"\"",
          "must have at most " + TOTAL_ANNOTATION_SIZE + " bytes"));
    }
    return errs;
  }

  /** metav1 ValidateLabelSelector; a null selector is valid (callers decide if it is required). */
  public static List<FieldError> validateSelector(JsonNode selector, Path path) {
    List<FieldError> errs = new ArrayList<>();
    if (selector == null || selector.isNull()) return errs;
    errs.addAll(validateLabels(Nodes.stringMap(selector, "matchLabels"), path.child("matchLabels")));
    List<JsonNode> exprs = Nodes.list(selector, "matchExpressions");
    for (int i = 0; i < exprs.size(); i++) {
      JsonNode e = exprs.get(i);
      Path p = path.child("matchExpressions").index(i);
      String op = Nodes.text(e, "operator");
      List<String> values = Nodes.strings(e, "values");
      switch (op) {
        case "In", "NotIn" -> {
          if (values.isEmpty()) errs.add(Errors.required(p.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
        }
        case "Exists", "DoesNotExist" -> {
          if (!values.isEmpty()) {
            errs.add(Errors.forbidden(p.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
          }
        }
        default -> errs.add(Errors.invalid(p.child("operator"), op, "not a valid selector operator"));
      }
      String key = Nodes.text(e, "key");
      Errors.invalidEach(errs, p.child("key"), key, Names.qualifiedName(key));
      for (int j = 0; j < values.size(); j++) {
        Errors.invalidEach(errs, p.child("values").index(j), values.get(j), Names.labelValue(values.get(j)));
      }
    }
    return errs;
  }

  /** True when the selector has neither matchLabels nor matchExpressions (selects everything). */
  public static boolean isEmptySelector(JsonNode selector) {
    return Nodes.stringMap(selector, "matchLabels").isEmpty() && Nodes.list(selector, "matchExpressions").isEmpty();
  }

  /** Whether a LabelSelector selects a label set. */
  public static boolean matches(JsonNode selector, Map<String, String> labels) {
    for (Map.Entry<String, String> e : Nodes.stringMap(selector, "matchLabels").entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) return false;
    }
    for (JsonNode e : Nodes.list(selector, "matchExpressions")) {
      String key = Nodes.text(e, "key");
      List<String> values = Nodes.strings(e, "values");
      boolean has = labels.containsKey(key);
      boolean ok = switch (Nodes.text(e, "operator")) {
        case "In" -> has && values.contains(labels.get(key));
        case "NotIn" -> !has || !values.contains(labels.get(key));
        case "Exists" -> has;
        case "DoesNotExist" -> !has;
        default -> false;
      };
      if (!ok) return false;
    }
    return true;
  }

  static long utf8Length(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}
