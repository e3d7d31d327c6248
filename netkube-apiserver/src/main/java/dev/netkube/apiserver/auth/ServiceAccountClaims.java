package dev.netkube.apiserver.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a verified service-account token says.
 *
 * @param uid the service account's uid ("" if the token carries none)
 * @param boundTo the pod or secret the token is bound to; a legacy token names its secret here
 * @param tokenId the {@code jti} claim, when present
 * @param audiences the audiences the token was accepted for (the intersection with the API audiences)
 * @param legacy true for a secret-based token (issuer {@code kubernetes/serviceaccount})
 */
public record ServiceAccountClaims(String namespace, String name, String uid, Optional<BoundObject> boundTo,
    Optional<String> tokenId, List<String> audiences, boolean legacy) {
  public static final String USERNAME_PREFIX = "system:serviceaccount:";
  public static final String ALL_SERVICE_ACCOUNTS_GROUP = "system:serviceaccounts";
  public static final String NAMESPACE_GROUP_PREFIX = "system:serviceaccounts:";
  public static final String POD_NAME_KEY = "authentication.kubernetes.io/pod-name";
  public static final String POD_UID_KEY = "authentication.kubernetes.io/pod-uid";
  public static final String NODE_NAME_KEY = "authentication.kubernetes.io/node-name";
  public static final String NODE_UID_KEY = "authentication.kubernetes.io/node-uid";

  public ServiceAccountClaims {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(boundTo, "boundTo");
    Objects.requireNonNull(tokenId, "tokenId");
    audiences = List.copyOf(audiences);
  }

  /** {@code system:serviceaccount:<namespace>:<name>}. */
  public static String username(String namespace, String name) { return USERNAME_PREFIX + namespace + ":" + name; }

  public String username() { return username(namespace, name); }

  /**
   * The user as upstream's ServiceAccountInfo.UserInfo builds it, plus system:authenticated:
   * extra carries the bound pod (and its node) and {@code credential-id = JTI=<jti>}.
   */
  public UserInfo userInfo() {
    Map<String, List<String>> extra = new LinkedHashMap<>();
    if (boundTo.orElse(null) instanceof BoundObject.Pod pod && !pod.name().isEmpty() && !pod.uid().isEmpty()) {
      extra.put(POD_NAME_KEY, List.of(pod.name()));
      extra.put(POD_UID_KEY, List.of(pod.uid()));
      pod.node().filter(n -> !n.name().isEmpty()).ifPresent(node -> {
        extra.put(NODE_NAME_KEY, List.of(node.name()));
        if (!node.uid().isEmpty()) extra.put(NODE_UID_KEY, List.of(node.uid()));
      });
    }
    tokenId.filter(id -> !id.isEmpty()).ifPresent(id -> extra.put(UserInfo.CREDENTIAL_ID_KEY, List.of("JTI=" + id)));
    List<String> groups = new ArrayList<>(List.of(ALL_SERVICE_ACCOUNTS_GROUP, NAMESPACE_GROUP_PREFIX + namespace));
    return new UserInfo(username(), uid, groups, extra).withAuthenticatedGroup();
  }
}
