package dev.netkube.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.api.FieldError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The TokenRequest API (POST serviceaccounts/{name}/token, what {@code kubectl create token}
 * sends): a bound service-account token, as kube-apiserver's serviceaccount token REST does.
 * expirationSeconds defaults to 3600 and must lie between 10 minutes and 2^32 seconds; audiences
 * default to the API audiences; a boundObjectRef names a Pod or a Secret that must exist (with
 * its uid, when given). I/O-free: the objects are looked up by the caller's {@link Objects}.
 */
public final class TokenRequests {
  public static final long DEFAULT_EXPIRATION_SECONDS = 3600;
  public static final long MIN_EXPIRATION_SECONDS = 600;
  public static final long MAX_EXPIRATION_SECONDS = 1L << 32;
  private static final String GROUP = "authentication.k8s.io";

  /** Reads objects of the request's namespace (kind "ServiceAccount", "Pod" or "Secret"); empty when absent. */
  @FunctionalInterface
  public interface Objects {
    Optional<ObjectNode> get(String kind, String name);
  }

  private final ServiceAccountTokens tokens;
  private final Clock clock;

  public TokenRequests(ServiceAccountTokens tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  /** The answered TokenRequest (201), or an ApiException with upstream's status and wording. */
  public ObjectNode create(String namespace, String name, ObjectNode request, Objects objects) {
    ObjectNode meta = request.with("metadata");
    String reqName = meta.path("name").asText("");
    String reqNs = meta.path("namespace").asText("");
    if (!reqName.isEmpty() && !reqName.equals(name)) {
      throw ApiException.invalid(GROUP, "TokenRequest", name,
          List.of(FieldError.invalid("metadata.name", reqName, "must match the service account name if specified")));
    }
    if (!reqNs.isEmpty() && !reqNs.equals(namespace)) {
      throw ApiException.invalid(GROUP, "TokenRequest", name,
          List.of(FieldError.invalid("metadata.namespace", reqNs, "must match the service account namespace if specified")));
    }
    ObjectNode account = objects.get("ServiceAccount", name)
        .orElseThrow(() -> ApiException.notFound("", "serviceaccounts", name));
    ObjectNode spec = request.with("spec");
    long seconds = spec.hasNonNull("expirationSeconds") ? spec.get("expirationSeconds").asLong() : DEFAULT_EXPIRATION_SECONDS;
    if (seconds < MIN_EXPIRATION_SECONDS) {
      throw ApiException.invalid(GROUP, "TokenRequest", name,
          List.of(FieldError.invalid("spec.expirationSeconds", seconds, "may not specify a duration less than 10 minutes")));
    }
    if (seconds > MAX_EXPIRATION_SECONDS) {
      throw ApiException.invalid(GROUP, "TokenRequest", name,
          List.of(FieldError.invalid("spec.expirationSeconds", seconds, "may not specify a duration larger than 2^32 seconds")));
    }
    List<String> audiences = new ArrayList<>();
    spec.path("audiences").forEach(a -> audiences.add(a.asText()));
    if (audiences.isEmpty()) audiences.addAll(tokens.apiAudiences());
    Optional<BoundObject> bound = bound(spec.path("boundObjectRef"), name, objects);

    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String token = tokens.issue(namespace, name, Json.str(account, "metadata.uid"), bound, audiences,
        Duration.ofSeconds(seconds));
    ObjectNode out = Json.object();
    out.put("kind", "TokenRequest");
    out.put("apiVersion", GROUP + "/v1");
    ObjectNode m = out.putObject("metadata");
    m.put("name", name);
    m.put("namespace", namespace);
    m.put("creationTimestamp", DateTimeFormatter.ISO_INSTANT.format(now));
    ObjectNode outSpec = out.putObject("spec");
    ArrayNode aud = outSpec.putArray("audiences");
    audiences.forEach(aud::add);
    outSpec.put("expirationSeconds", seconds);
    if (spec.path("boundObjectRef").isObject()) outSpec.set("boundObjectRef", spec.get("boundObjectRef").deepCopy());
    else outSpec.putNull("boundObjectRef");
    ObjectNode status = out.putObject("status");
    status.put("token", token);
    status.put("expirationTimestamp", DateTimeFormatter.ISO_INSTANT.format(now.plusSeconds(seconds)));
    return out;
  }

  private static Optional<BoundObject> bound(JsonNode ref, String account, Objects objects) {
    if (!ref.isObject()) return Optional.empty();
    String kind = ref.path("kind").asText("");
    String refName = ref.path("name").asText("");
    String refUid = ref.path("uid").asText("");
    if (!kind.equals("Pod") && !kind.equals("Secret")) {
      throw ApiException.badRequest("cannot bind token for serviceaccount \"" + account + "\" to object of kind \"" + kind + "\"");
    }
    ObjectNode obj = objects.get(kind, refName)
        .orElseThrow(() -> ApiException.notFound("", kind.equals("Pod") ? "pods" : "secrets", refName));
    String uid = Json.str(obj, "metadata.uid");
    if (!refUid.isEmpty() && !refUid.equals(uid)) {
      throw ApiException.conflict(GROUP, kind, refName, "the UID in the bound object reference (" + refUid
          + ") does not match the UID in record. The object might have been deleted and then recreated");
    }
    if (kind.equals("Secret")) return Optional.of(new BoundObject.Secret(refName, uid));
    String node = Json.str(obj, "spec.nodeName");
    return Optional.of(new BoundObject.Pod(refName, uid,
        node.isEmpty() ? Optional.empty() : Optional.of(new BoundObject.Node(node, ""))));
  }
}
