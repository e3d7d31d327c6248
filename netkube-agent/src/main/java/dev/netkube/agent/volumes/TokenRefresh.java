package dev.netkube.agent.volumes;

import java.time.Duration;
import java.time.Instant;

/**
 * When kubelet's token manager asks for a new projected token: once 80 % of its lifetime has
 * passed, or when it is older than 24 hours, whatever its expiry.
 */
public record TokenRefresh(String token, Instant issuedAt, Instant expiresAt) {
  static final Duration MAX_AGE = Duration.ofHours(24);

  public boolean due(Instant now) {
    long ttl = Duration.between(issuedAt, expiresAt).getSeconds();
    Instant refreshAt = expiresAt.minusSeconds(ttl * 20 / 100);
    return !now.isBefore(refreshAt) || !now.isBefore(issuedAt.plus(MAX_AGE));
  }
}
