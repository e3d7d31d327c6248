package dev.netkube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.ApiException;
import java.util.ArrayList;
import java.util.List;
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
      // The deprecated orphanDependents, when set, decides as an explicit policy would.
      if (body.path("orphanDependents").isBoolean() && policy.isEmpty()) {
        policy = body.get("orphanDependents").asBoolean() ? "Orphan" : "Background";
      }
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

  /**
   * The finalizers a delete leaves on the object, as kube-apiserver's deletionFinalizersForGarbageCollection:
   * an explicit policy decides (Orphan → "orphan", Foreground → "foregroundDeletion", Background →
   * neither); without one, a garbage-collection finalizer already on the object stays; otherwise the
   * resource's default (Background for every resource netkube serves). Other finalizers are kept.
   */
  public List<String> finalizersAfterDelete(List<String> existing) {
    boolean orphan;
    boolean foreground;
    if (!propagationPolicy.isEmpty()) {
      orphan = propagationPolicy.equals("Orphan");
      foreground = propagationPolicy.equals("Foreground");
    } else {
      int o = existing.indexOf(ORPHAN);
      int f = existing.indexOf(FOREGROUND);
      // The first garbage-collection finalizer found wins, as upstream's loop over the finalizers.
      orphan = o >= 0 && (f < 0 || o < f);
      foreground = f >= 0;
    }
    List<String> out = new ArrayList<>();
    for (String name : existing) if (!name.equals(ORPHAN) && !name.equals(FOREGROUND)) out.add(name);
    if (orphan) out.add(ORPHAN);
    if (foreground) out.add(FOREGROUND);
    return out;
  }

  public static final String ORPHAN = "orphan";
  public static final String FOREGROUND = "foregroundDeletion";

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
