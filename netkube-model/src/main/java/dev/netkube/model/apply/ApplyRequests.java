package dev.netkube.model.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.api.GroupVersionKind;
import java.util.ArrayList;
import java.util.List;

/** The checks kube-apiserver makes on an apply request body and on the object a patch produced. */
public final class ApplyRequests {
  private ApplyRequests() {}

  /**
   * The body's apiVersion and kind must be the endpoint's (upstream's version check), and it must
   * not carry managed fields. Throws 400 BadRequest otherwise.
   */
  public static void validateBody(JsonNode body, GroupVersionKind expected) {
    GroupVersionKind got = GroupVersionKind.of(body.path("apiVersion").asText(""), body.path("kind").asText(""));
    if (!got.equals(expected)) {
      throw ApiException.badRequest("invalid object type: " + got.group() + "/" + got.version() + ", Kind=" + got.kind());
    }
    requireNoManagedFields(body);
  }

  /** "metadata.managedFields must be nil" unless the body leaves them out (or sends null). */
  public static void requireNoManagedFields(JsonNode body) {
    JsonNode mf = body.path("metadata").get("managedFields");
    if (mf != null && !mf.isNull()) throw ApiException.badRequest("metadata.managedFields must be nil");
  }

  /**
   * The patched object's name (and namespace, when it has one) must be the URL's; upstream's checkName
   * runs after every patch, apply included. {@code urlNamespace} is "" for cluster-scoped resources.
   */
  public static void checkName(JsonNode patched, String urlName, String urlNamespace) {
    String name = patched.path("metadata").path("name").asText("");
    if (!name.equals(urlName)) {
      throw ApiException.badRequest("the name of the object (" + name + ") does not match the name on the URL (" + urlName + ")");
    }
    String ns = patched.path("metadata").path("namespace").asText("");
    if (urlNamespace != null && !urlNamespace.isEmpty() && !ns.isEmpty() && !ns.equals(urlNamespace)) {
      throw ApiException.badRequest("the namespace of the object (" + ns + ") does not match the namespace on the URL ("
          + urlNamespace + ")");
    }
  }

  /** Upstream's limit on a field manager's length. */
  public static final int FIELD_MANAGER_MAX_LENGTH = 128;

  /**
   * PatchOptions validation as kube-apiserver does it before patching: apply needs a fieldManager,
   * force is only for apply, and a manager must be short and printable. Throws 422
   * {@code PatchOptions.meta.k8s.io "" is invalid: ...}.
   */
  public static void validatePatchOptions(boolean isApply, String fieldManager, boolean forceGiven) {
    List<FieldError> errors = new ArrayList<>();
    String manager = fieldManager == null ? "" : fieldManager;
    if (!isApply && forceGiven) errors.add(FieldError.forbidden("force", "may not be specified for non-apply patch"));
    if (isApply && manager.isEmpty()) errors.add(FieldError.required("fieldManager", "is required for apply patch"));
    errors.addAll(fieldManagerErrors(manager));
    if (!errors.isEmpty()) throw ApiException.invalid("meta.k8s.io", "PatchOptions", "", errors);
  }

  /** Length and printability of a fieldManager (also checked on create and update). */
  public static List<FieldError> fieldManagerErrors(String manager) {
    List<FieldError> errors = new ArrayList<>();
    if (manager.length() > FIELD_MANAGER_MAX_LENGTH) errors.add(FieldError.tooLong("fieldManager", manager, FIELD_MANAGER_MAX_LENGTH));
    int bytePos = 0;
    for (int i = 0; i < manager.length(); ) {
      int cp = manager.codePointAt(i);
      if (Character.isISOControl(cp) || !Character.isDefined(cp)) {
        errors.add(FieldError.invalid("fieldManager", manager,
            String.format("invalid character U+%04X (at position %d)", cp, bytePos)));
      }
      bytePos += new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      i += Character.charCount(cp);
    }
    return errors;
  }

  /** The manager of a non-apply request without ?fieldManager: the User-Agent up to its first "/". */
  public static String defaultFieldManager(String userAgent) {
    String ua = userAgent == null ? "" : userAgent;
    int slash = ua.indexOf('/');
    String prefix = slash < 0 ? ua : ua.substring(0, slash);
    return prefix.length() > FIELD_MANAGER_MAX_LENGTH ? prefix.substring(0, FIELD_MANAGER_MAX_LENGTH) : prefix;
  }
}
