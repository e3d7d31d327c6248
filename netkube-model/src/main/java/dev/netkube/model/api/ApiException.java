package dev.netkube.model.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.util.List;

/**
 * A failed API call, carried as upstream's metav1.Status (code, reason, message, details).
 * Factories use kube-apiserver's exact wording so kubectl prints what users know.
 */
public final class ApiException extends RuntimeException {
  private final int code;
  private final String reason;
  private final ObjectNode details;

  public ApiException(int code, String reason, String message, ObjectNode details) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  public int code() { return code; }

  public String reason() { return reason; }

  /** The Status object as it goes on the wire. */
  public ObjectNode toStatus() {
    ObjectNode s = Json.object();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Failure");
    s.put("message", getMessage());
    if (reason != null && !reason.isEmpty()) s.put("reason", reason);
    if (details != null) s.set("details", details);
    s.put("code", code);
    return s;
  }

  private static ObjectNode details(String name, String group, String kind) {
    ObjectNode d = Json.object();
    if (name != null && !name.isEmpty()) d.put("name", name);
    if (group != null && !group.isEmpty()) d.put("group", group);
    if (kind != null) d.put("kind", kind);
    return d;
  }

  /** Resource label used in messages: "services", "deployments.apps". */
  private static String qualified(String group, String resource) {
    return group == null || group.isEmpty() ? resource : resource + "." + group;
  }

  public static ApiException notFound(String group, String resource, String name) {
    return new ApiException(404, "NotFound",
        qualified(group, resource) + " \"" + name + "\" not found", details(name, group, resource));
  }

  public static ApiException alreadyExists(String group, String resource, String name) {
    return new ApiException(409, "AlreadyExists",
        qualified(group, resource) + " \"" + name + "\" already exists", details(name, group, resource));
  }

  public static ApiException conflict(String group, String resource, String name, String why) {
    return new ApiException(409, "Conflict",
        "Operation cannot be fulfilled on " + qualified(group, resource) + " \"" + name + "\": " + why,
        details(name, group, resource));
  }

  /** The optimistic-concurrency conflict, worded as upstream's storage layer words it. */
  public static ApiException modified(String group, String resource, String name) {
    return conflict(group, resource, name,
        "the object has been modified; please apply your changes to the latest version and try again");
  }

  /** 422 Invalid: "Service \"x\" is invalid: field: Invalid value: ..." with one cause per error. */
  public static ApiException invalid(String group, String kind, String name, List<FieldError> errors) {
    ObjectNode d = details(name, group, kind);
    ArrayNode causes = d.putArray("causes");
    for (FieldError e : errors) {
      ObjectNode c = causes.addObject();
      c.put("reason", e.type().reason);
      c.put("message", e.body());
      c.put("field", e.field() == null ? "" : e.field());
    }
    String list;
    if (errors.size() == 1) {
      list = errors.get(0).message();
    } else {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < errors.size(); i++) b.append(i > 0 ? ", " : "").append(errors.get(i).message());
      list = b.append(']').toString();
    }
    String label = group == null || group.isEmpty() ? kind : kind + "." + group;
    return new ApiException(422, "Invalid", label + " \"" + name + "\" is invalid: " + list, d);
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message, null);
  }

  public static ApiException unauthorized() {
    return new ApiException(401, "Unauthorized", "Unauthorized", null);
  }

  public static ApiException forbidden(String user, String verb, String group, String resource, String ns, String why) {
    String where = ns == null || ns.isEmpty() ? "at the cluster scope" : "in the namespace \"" + ns + "\"";
    String msg = qualified(group, resource) + " is forbidden: User \"" + user + "\" cannot " + verb
        + " resource \"" + resource + "\" in API group \"" + (group == null ? "" : group) + "\" " + where
        + (why == null || why.isEmpty() ? "" : ": " + why);
    return new ApiException(403, "Forbidden", msg, details(null, group, resource));
  }

  /** An admission plugin's refusal, as upstream's admission.NewForbidden: {@code pods "x" is forbidden: why}. */
  public static ApiException admissionForbidden(String group, String resource, String name, String why) {
    return new ApiException(403, "Forbidden", qualified(group, resource) + " \"" + name + "\" is forbidden: " + why,
        details(name, group, resource));
  }

  /** 410 Gone as a watch or list with a compacted resourceVersion gets it. */
  public static ApiException expired(String message) {
    return new ApiException(410, "Expired", message, null);
  }

  public static ApiException gone(String message) {
    return new ApiException(410, "Gone", message, null);
  }

  public static ApiException methodNotAllowed(String message) {
    return new ApiException(405, "MethodNotAllowed", message, null);
  }

  public static ApiException unsupportedMediaType(String contentType) {
    return new ApiException(415, "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: "
            + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
        null);
  }

  public static ApiException notAcceptable(String message) {
    return new ApiException(406, "NotAcceptable", message, null);
  }

  public static ApiException internal(String message) {
    return new ApiException(500, "InternalError", "Internal error occurred: " + message, null);
  }

  public static ApiException tooManyRequests(String message) {
    return new ApiException(429, "TooManyRequests", message, null);
  }
}
