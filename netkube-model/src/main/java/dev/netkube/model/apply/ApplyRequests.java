package dev.netkube.model.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.api.GroupVersionKind;

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
}
