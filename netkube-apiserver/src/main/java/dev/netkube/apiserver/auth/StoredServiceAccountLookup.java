package dev.netkube.apiserver.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * kube-apiserver's --service-account-lookup (default true): a token is valid only while the
 * service account it names exists, is not being deleted and has the token's uid; a bound token
 * also needs its pod or secret (same uid); a legacy token needs its secret to still hold it.
 */
public final class StoredServiceAccountLookup implements ServiceAccountLookup {
  private final ObjectLookup objects;

  public StoredServiceAccountLookup(ObjectLookup objects) { this.objects = objects; }

  @Override
  public boolean isCurrent(ServiceAccountClaims claims, String token) {
    if (!alive(claims.namespace(), "ServiceAccount", claims.name(), claims.uid())) return false;
    if (claims.boundTo().isEmpty()) return true;
    BoundObject bound = claims.boundTo().get();
    if (claims.legacy()) {
      Optional<ObjectNode> secret = objects.get(claims.namespace(), "Secret", bound.name());
      if (secret.isEmpty() || deleting(secret.get())) return false;
      String stored = Json.str(secret.get(), "data.token");
      try {
        return !stored.isEmpty() && new String(Base64.getDecoder().decode(stored), StandardCharsets.UTF_8).equals(token);
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return alive(claims.namespace(), bound instanceof BoundObject.Pod ? "Pod" : "Secret", bound.name(), bound.uid());
  }

  /** A terminating pod's containers still run and may still use its token; anything else deleted is gone. */
  private boolean alive(String namespace, String kind, String name, String uid) {
    Optional<ObjectNode> obj = objects.get(namespace, kind, name);
    if (obj.isEmpty() || (!kind.equals("Pod") && deleting(obj.get()))) return false;
    return uid.isEmpty() || uid.equals(Json.str(obj.get(), "metadata.uid"));
  }

  private static boolean deleting(ObjectNode obj) { return !Json.str(obj, "metadata.deletionTimestamp").isEmpty(); }
}
