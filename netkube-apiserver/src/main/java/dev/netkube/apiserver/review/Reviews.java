package dev.netkube.apiserver.review;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.auth.BearerTokenAuthenticator;
import dev.netkube.apiserver.auth.UserInfo;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.api.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The review APIs: a create that is answered at once and never stored. `kubectl auth whoami`
 * (SelfSubjectReview), `kubectl auth can-i` (SelfSubjectAccessReview, SelfSubjectRulesReview),
 * and the reviews webhooks and add-ons send (TokenReview, SubjectAccessReview). netkube does not
 * enforce RBAC yet, so every access review is allowed; the answers say so.
 */
public final class Reviews {
  static final String NOT_ENFORCED = "netkube does not enforce RBAC yet: every authenticated user may do everything";

  private final BearerTokenAuthenticator tokens;

  public Reviews(BearerTokenAuthenticator tokens) { this.tokens = tokens; }

  public ObjectNode create(ResourceType type, ObjectNode body, UserInfo user) {
    ObjectNode out = body.deepCopy();
    out.put("apiVersion", type.apiVersion());
    out.put("kind", type.kind());
    out.with("metadata").put("creationTimestamp", (String) null);
    ObjectNode status = out.putObject("status");
    switch (type.kind()) {
      case "SelfSubjectReview" -> status.set("userInfo", userInfo(user));
      case "TokenReview" -> tokenReview(out, status);
      case "SelfSubjectAccessReview", "SubjectAccessReview", "LocalSubjectAccessReview" -> {
        status.put("allowed", true);
        status.put("reason", NOT_ENFORCED);
      }
      case "SelfSubjectRulesReview" -> {
        ObjectNode rule = status.putArray("resourceRules").addObject();
        rule.putArray("verbs").add("*");
        rule.putArray("apiGroups").add("*");
        rule.putArray("resources").add("*");
        ObjectNode nonResource = status.putArray("nonResourceRules").addObject();
        nonResource.putArray("verbs").add("*");
        nonResource.putArray("nonResourceURLs").add("*");
        status.put("incomplete", false);
      }
      default -> throw ApiException.methodNotAllowed("not a review: " + type.kind());
    }
    return out;
  }

  private void tokenReview(ObjectNode review, ObjectNode status) {
    String token = review.path("spec").path("token").asText("");
    if (token.isEmpty()) {
      throw ApiException.invalid("authentication.k8s.io", "TokenReview", "",
          List.of(dev.netkube.model.api.FieldError.required("spec.token", "")));
    }
    Optional<UserInfo> user = tokens.authenticate(token);
    status.put("authenticated", user.isPresent());
    user.ifPresent(u -> status.set("user", userInfo(u)));
    ArrayNode audiences = review.path("spec").path("audiences").isArray()
        ? (ArrayNode) review.path("spec").path("audiences").deepCopy() : null;
    if (audiences != null && user.isPresent()) status.set("audiences", audiences);
  }

  private static ObjectNode userInfo(UserInfo user) {
    ObjectNode u = Json.object();
    if (user == null) return u;
    u.put("username", user.name());
    if (user.uid() != null && !user.uid().isEmpty()) u.put("uid", user.uid());
    ArrayNode groups = u.putArray("groups");
    user.groups().forEach(groups::add);
    if (user.extra() != null && !user.extra().isEmpty()) {
      ObjectNode extra = u.putObject("extra");
      for (Map.Entry<String, List<String>> e : user.extra().entrySet()) {
        ArrayNode values = extra.putArray(e.getKey());
        e.getValue().forEach(values::add);
      }
    }
    return u;
  }
}
