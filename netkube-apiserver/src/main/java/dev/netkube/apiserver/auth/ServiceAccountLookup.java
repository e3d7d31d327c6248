package dev.netkube.apiserver.auth;

/**
 * Upstream's second half of token validation: the objects a token names must still exist. The
 * integrator implements it over the store: the service account exists with the token's uid (and is
 * not deleted), a bound pod or secret exists with the bound uid, and a legacy token's secret still
 * holds exactly this token.
 */
@FunctionalInterface
public interface ServiceAccountLookup {
  /** Accepts every signature-valid token: for tests, or before the store is wired. */
  ServiceAccountLookup NONE = (claims, token) -> true;

  boolean isCurrent(ServiceAccountClaims claims, String token);
}
