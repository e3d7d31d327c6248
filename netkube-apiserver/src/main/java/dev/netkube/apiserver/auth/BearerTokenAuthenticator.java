package dev.netkube.apiserver.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The bearer-token half of request authentication: the token of an {@code Authorization: Bearer}
 * header, tried against each source in order; the first that recognises it wins, as upstream's
 * union token authenticator. Every user gets system:authenticated.
 *
 * <p>Extension point: a static token file (kube-apiserver {@code --token-auth-file}) or any other
 * source is one more {@link TokenAuthenticator}, passed to the constructor (upstream tries the
 * token file before service-account tokens) or added with {@link #with}.
 */
public final class BearerTokenAuthenticator {
  private final List<TokenAuthenticator> sources;

  public BearerTokenAuthenticator(List<TokenAuthenticator> sources) { this.sources = List.copyOf(sources); }

  /** Service-account tokens only; {@code lookup} decides whether the objects a token names still exist. */
  public static BearerTokenAuthenticator of(ServiceAccountTokens tokens, ServiceAccountLookup lookup) {
    TokenAuthenticator sa = token -> tokens.claims(token)
        .filter(claims -> lookup.isCurrent(claims, token))
        .map(ServiceAccountClaims::userInfo);
    return new BearerTokenAuthenticator(List.of(sa));
  }

  /** This authenticator with {@code source} tried after the existing ones. */
  public BearerTokenAuthenticator with(TokenAuthenticator source) {
    List<TokenAuthenticator> more = new ArrayList<>(sources);
    more.add(source);
    return new BearerTokenAuthenticator(more);
  }

  public Optional<UserInfo> authenticate(String token) {
    if (token == null || token.isEmpty()) return Optional.empty();
    for (TokenAuthenticator source : sources) {
      Optional<UserInfo> user = source.authenticate(token);
      if (user.isPresent()) return user.map(UserInfo::withAuthenticatedGroup);
    }
    return Optional.empty();
  }

  /** Authenticates the value of an Authorization header; empty when it carries no valid bearer token. */
  public Optional<UserInfo> authenticateHeader(String authorization) {
    return bearerToken(authorization).flatMap(this::authenticate);
  }

  /**
   * The token of an Authorization header value, read as upstream's bearertoken authenticator does:
   * trimmed, split on single spaces, scheme "bearer" in any case, the second field as the token.
   */
  public static Optional<String> bearerToken(String authorization) {
    if (authorization == null) return Optional.empty();
    String value = authorization.trim();
    if (value.isEmpty()) return Optional.empty();
    String[] parts = value.split(" ", 3);
    if (parts.length < 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer") || parts[1].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(parts[1]);
  }
}
