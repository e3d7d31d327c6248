package dev.netkube.model.validation;

import dev.netkube.model.api.FieldError;
import java.util.List;

/** Builders for FieldErrors on a Path, including values already rendered as Go text. */
public final class Errors {
  private Errors() {}

  /** One Invalid error per message, as upstream loops over IsXxx results. */
  public static void invalidEach(List<FieldError> out, Path path, Object value, List<String> messages) {
    for (String m : messages) out.add(FieldError.invalid(path.text(), value, m));
  }

  /** Invalid with a value already rendered (Go "%#v" of a map, slice or struct). */
  public static FieldError invalidRaw(Path path, String renderedValue, String detail) {
    return new FieldError(FieldError.Type.INVALID, path.text(), renderedValue, detail);
  }

  public static FieldError duplicateRaw(Path path, String renderedValue) {
    return new FieldError(FieldError.Type.DUPLICATE, path.text(), renderedValue, null);
  }

  /** NotSupported for a value that may be "", which upstream prints as "". */
  public static FieldError notSupported(Path path, String value, List<String> valid) {
    return FieldError.notSupported(path.text(), value, valid);
  }

  public static FieldError required(Path path) { return FieldError.required(path.text(), ""); }

  public static FieldError required(Path path, String detail) { return FieldError.required(path.text(), detail); }

  public static FieldError forbidden(Path path, String detail) { return FieldError.forbidden(path.text(), detail); }

  public static FieldError invalid(Path path, Object value, String detail) {
    return FieldError.invalid(path.text(), value, detail);
  }

  public static FieldError duplicate(Path path, Object value) { return FieldError.duplicate(path.text(), value); }

  public static FieldError notFound(Path path, Object value) {
    return new FieldError(FieldError.Type.NOT_FOUND, path.text(), FieldError.render(value), null);
  }

  /** Nonnegative integer field (apimachinery ValidateNonnegativeField). */
  public static void nonNegative(List<FieldError> out, Path path, com.fasterxml.jackson.databind.JsonNode parent,
      String field) {
    long v = Nodes.integer(parent, field, 0);
    if (v < 0) out.add(FieldError.invalid(path.text(), v, Messages.IS_NEGATIVE));
  }
}
