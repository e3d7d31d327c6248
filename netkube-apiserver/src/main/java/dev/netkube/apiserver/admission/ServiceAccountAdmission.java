package dev.netkube.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The ServiceAccount admission plugin on pod create, as upstream's
 * plugin/pkg/admission/serviceaccount: the pod's service account must exist, and unless
 * automountServiceAccountToken is false (the pod's setting first, then the account's) every
 * container and init container mounts a projected {@code kube-api-access-xxxxx} volume (a bound
 * token, the cluster CA and the namespace) read-only at {@link #MOUNT_PATH}; a pod without
 * imagePullSecrets takes the account's. Pure: the account is looked up by the caller.
 */
public final class ServiceAccountAdmission {
  public static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
  public static final String VOLUME_PREFIX = "kube-api-access-";
  /** Upstream's token lifetime for this volume: 1 h plus 7 s, so a token can be told from a user's 1 h one. */
  public static final long TOKEN_EXPIRATION_SECONDS = 3607;
  static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

  private ServiceAccountAdmission() {}

  /** The account the pod runs as (PodStrategy already defaulted it to "default"). */
  public static String accountName(ObjectNode pod) {
    String name = Json.str(pod, "spec.serviceAccountName");
    return name.isEmpty() ? "default" : name;
  }

  /** Mirror pods (static pods of a kubelet) are left alone, as upstream does. */
  public static boolean applies(ObjectNode pod) {
    return !pod.path("metadata").path("annotations").has(MIRROR_ANNOTATION);
  }

  /**
   * Admits {@code pod} (changed in place) running as {@code account}; a missing account is
   * upstream's Forbidden. {@code suffix} gives the volume name's five random characters.
   */
  public static void admit(ObjectNode pod, Optional<ObjectNode> account, Supplier<String> suffix) {
    String ns = Json.str(pod, "metadata.namespace");
    String sa = accountName(pod);
    if (account.isEmpty()) {
      throw ApiException.admissionForbidden("", "pods", Json.str(pod, "metadata.name"),
          "error looking up service account " + ns + "/" + sa + ": serviceaccount \"" + sa + "\" not found");
    }
    ObjectNode spec = pod.with("spec");
    spec.put("serviceAccountName", sa);
    spec.put("serviceAccount", sa);
    if (automount(spec, account.get())) mountToken(spec, suffix);
    // a pod without imagePullSecrets takes the account's, as upstream does
    JsonNode pullSecrets = account.get().path("imagePullSecrets");
    if (spec.path("imagePullSecrets").isEmpty() && pullSecrets.isArray() && !pullSecrets.isEmpty()) {
      ArrayNode copied = spec.putArray("imagePullSecrets");
      for (JsonNode s : pullSecrets) copied.addObject().put("name", s.path("name").asText(""));
    }
  }

  private static void mountToken(ObjectNode spec, Supplier<String> suffix) {
    String volume = "";
    for (JsonNode v : spec.path("volumes")) {
      if (v.path("name").asText("").startsWith(VOLUME_PREFIX)) {
        volume = v.path("name").asText();
        break;
      }
    }
    boolean hasVolume = !volume.isEmpty();
    if (!hasVolume) volume = VOLUME_PREFIX + suffix.get();
    boolean needed = false;
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode c : spec.path(list)) {
        if (mountsTokenPath(c)) continue;
        ArrayNode mounts = ((ObjectNode) c).withArray("volumeMounts");
        ObjectNode m = mounts.addObject();
        m.put("mountPath", MOUNT_PATH);
        m.put("name", volume);
        m.put("readOnly", true);
        needed = true;
      }
    }
    if (needed && !hasVolume) spec.withArray("volumes").add(volume(volume));
  }

  private static boolean automount(ObjectNode spec, ObjectNode account) {
    JsonNode podSetting = spec.get("automountServiceAccountToken");
    if (podSetting != null && podSetting.isBoolean()) return podSetting.asBoolean();
    JsonNode accountSetting = account.get("automountServiceAccountToken");
    if (accountSetting != null && accountSetting.isBoolean()) return accountSetting.asBoolean();
    return true;
  }

  /** A mount already at the token's path (the user's own) keeps the token out of that container. */
  private static boolean mountsTokenPath(JsonNode container) {
    for (JsonNode m : container.path("volumeMounts")) if (MOUNT_PATH.equals(m.path("mountPath").asText())) return true;
    return false;
  }

  /** The projected volume as upstream writes it (field order as kubectl -o yaml shows it). */
  static ObjectNode volume(String name) {
    ObjectNode v = Json.object();
    v.put("name", name);
    ObjectNode projected = v.putObject("projected");
    projected.put("defaultMode", 420);
    ArrayNode sources = projected.putArray("sources");
    ObjectNode token = sources.addObject().putObject("serviceAccountToken");
    token.put("expirationSeconds", TOKEN_EXPIRATION_SECONDS);
    token.put("path", "token");
    ObjectNode cm = sources.addObject().putObject("configMap");
    ObjectNode item = cm.putArray("items").addObject();
    item.put("key", "ca.crt");
    item.put("path", "ca.crt");
    cm.put("name", "kube-root-ca.crt");
    ObjectNode downward = sources.addObject().putObject("downwardAPI");
    ObjectNode ns = downward.putArray("items").addObject();
    ObjectNode ref = ns.putObject("fieldRef");
    ref.put("apiVersion", "v1");
    ref.put("fieldPath", "metadata.namespace");
    ns.put("path", "namespace");
    return v;
  }
}
