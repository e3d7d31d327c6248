package dev.netkube.model.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One validation failure as upstream's field.Error: a cause in an Invalid Status.
 * {@code value} is rendered as upstream's "%#v"-ish text by {@link #message()}.
 */
public record FieldError(Type type, String field, String value, String detail) {

  /** Upstream's field.ErrorType with its reason string and its message prefix. */
  public enum Type {
    NOT_FOUND("FieldValueNotFound", "Not found"),
    REQUIRED("FieldValueRequired", "Required value"),
    DUPLICATE("FieldValueDuplicate", "Duplicate value"),
    INVALID("FieldValueInvalid", "Invalid value"),
    NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
    FORBIDDEN("FieldValueForbidden", "Forbidden"),
    TOO_LONG("FieldValueTooLong", "Too long"),
    TOO_MANY("FieldValueTooMany", "Too many"),
    INTERNAL("InternalError", "Internal error"),
    TYPE_INVALID("FieldValueTypeInvalid", "Invalid value");

    public final String reason;
    public final String text;

    Type(String reason, String text) {
      this.reason = reason;
      this.text = text;
    }
  }

  public static FieldError required(String field, String detail) {
    return new FieldError(Type.REQUIRED, field, null, detail);
  }

  public static FieldError invalid(String field, Object value, String detail) {
    return new FieldError(Type.INVALID, field, render(value), detail);
  }

  public static FieldError notSupported(String field, Object value, java.util.Collection<String> valid) {
    StringBuilder d = new StringBuilder("supported values: ");
    int i = 0;
    for (String v : valid) d.append(i++ > 0 ? ", " : "").append('"').append(v).append('"');
    return new FieldError(Type.NOT_SUPPORTED, field, render(value), d.toString());
  }

  public static FieldError forbidden(String field, String detail) {
    return new FieldError(Type.FORBIDDEN, field, null, detail);
  }

  public static FieldError duplicate(String field, Object value) {
    return new FieldError(Type.DUPLICATE, field, render(value), null);
  }

  public static FieldError tooLong(String field, Object value, int max) {
    return new FieldError(Type.TOO_LONG, field, render(value), "must have at most " + max + " bytes");
  }

  /** Upstream renders strings quoted, numbers bare; a JsonNode as its JSON text. */
  public static String render(Object value) {
    if (value == null) return null;
    if (value instanceof JsonNode n) {
      if (n.isTextual()) return "\"" + n.asText() + "\"";
      return n.toString();
    }
    if (value instanceof CharSequence s) return "\"" + s + "\"";
    return String.valueOf(value);
  }

  /** "field: Invalid value: "x": detail" exactly as field.Error.Error() prints it. */
  public String message() {
    StringBuilder b = new StringBuilder();
    if (field != null && !field.isEmpty()) b.append(field).append(": ");
    b.append(type.text);
    if (value != null && type != Type.REQUIRED && type != Type.FORBIDDEN
        && type != Type.TOO_LONG && type != Type.INTERNAL) {
      b.append(": ").append(value);
    }
    if (detail != null && !detail.isEmpty()) b.append(": ").append(detail);
    return b.toString();
  }

  /** The cause's message: the error text without the "field: " prefix (upstream's ErrorBody). */
  public String body() {
    String m = message();
    return field != null && !field.isEmpty() ? m.substring(field.length() + 2) : m;
  }
}
