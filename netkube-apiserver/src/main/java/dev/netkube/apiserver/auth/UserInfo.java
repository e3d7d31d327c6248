package dev.netkube.apiserver.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Who made a request, as upstream's user.Info: name, uid ("" when the authenticator has none),
 * groups in order, and extra attributes (sorted by key).
 */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {
  public static final String AUTHENTICATED_GROUP = "system:authenticated";
  public static final String UNAUTHENTICATED_GROUP = "system:unauthenticated";
  public static final String ANONYMOUS_USER = "system:anonymous";
  /** The extra key naming the credential used (e.g. {@code JTI=<token id>}). */
  public static final String CREDENTIAL_ID_KEY = "authentication.kubernetes.io/credential-id";

  public UserInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    groups = List.copyOf(groups);
    TreeMap<String, List<String>> sorted = new TreeMap<>();
    extra.forEach((k, v) -> sorted.put(k, List.copyOf(v)));
    extra = Collections.unmodifiableMap(sorted);
  }

  public static UserInfo of(String name, List<String> groups) {
    return new UserInfo(name, "", groups, Map.of());
  }

  /**
   * Adds {@code system:authenticated} at the end, as upstream's authenticated-group adder does after
   * any authenticator succeeds: not for the anonymous user, and not when either
   * system:authenticated or system:unauthenticated is already there.
   */
  public UserInfo withAuthenticatedGroup() {
    if (name.equals(ANONYMOUS_USER) || groups.contains(AUTHENTICATED_GROUP) || groups.contains(UNAUTHENTICATED_GROUP)) {
      return this;
    }
    List<String> more = new ArrayList<>(groups);
    more.add(AUTHENTICATED_GROUP);
    return new UserInfo(name, uid, more, extra);
  }
}
