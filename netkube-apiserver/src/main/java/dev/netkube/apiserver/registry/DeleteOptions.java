package dev.netkube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.ApiException;
import java.util.Optional;

/** metav1.DeleteOptions from the body or the query string. */
public record DeleteOptions(
    Optional<Long> gracePeriodSeconds, String propagationPolicy, String preconditionUid, String preconditionRv) {

  public static final DeleteOptions DEFAULT = new DeleteOptions(Optional.empty(), "", "", "");

  public static DeleteOptions from(JsonNode body, java.util.function.Function<String, String> query) {
    Optional<Long> grace = Optional.empty();
    String policy = query.apply("propagationPolicy");
    String uid = "";
    String rv = "";
    if (body != null && body.isObject()) {
      if (body.hasNonNull("gracePeriodSeconds")) grace = Optional.of(body.get("gracePeriodSeconds").asLong());
      if (body.hasNonNull("propagationPolicy")) policy = body.get("propagationPolicy").asText();
      if (body.path("orphanDependents").asBoolean(false) && policy.isEmpty()) policy = "Orphan";
      uid = body.path("preconditions").path("uid").asText("");
      rv = body.path("preconditions").path("resourceVersion").asText("");
    }
    String g = query.apply("gracePeriodSeconds");
    if (!g.isEmpty()) {
      try {
        grace = Optional.of(Long.parseLong(g));
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid gracePeriodSeconds: " + g);
      }
    }
    if (!policy.isEmpty() && !policy.equals("Orphan") && !policy.equals("Background") && !policy.equals("Foreground")) {
      throw new ApiException(422, "Invalid", "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: "
          + "Unsupported value: \"" + policy + "\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"",
          null);
    }
    return new DeleteOptions(grace, policy, uid, rv);
  }

  /** Upstream's precondition failures are 409 Conflicts worded as below. */
  void checkPreconditions(ServedResource r, ObjectNode obj) {
    String name = Meta.name(obj);
    String uid = obj.path("metadata").path("uid").asText();
    if (!preconditionUid.isEmpty() && !preconditionUid.equals(uid)) {
      throw ApiException.conflict(r.type().group(), r.type().plural(), name,
          "Precondition failed: UID in precondition: " + preconditionUid + ", UID in object meta: " + uid);
    }
    String rv = Meta.resourceVersion(obj);
    if (!preconditionRv.isEmpty() && !preconditionRv.equals(rv)) {
      throw ApiException.conflict(r.type().group(), r.type().plural(), name,
          "Precondition failed: ResourceVersion in precondition: " + preconditionRv
              + ", ResourceVersion in object meta: " + rv);
    }
  }
}
