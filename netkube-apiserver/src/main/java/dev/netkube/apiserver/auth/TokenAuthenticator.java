package dev.netkube.apiserver.auth;

import java.util.Optional;

/** One source of bearer tokens (service-account JWTs, a static token file, ...). Empty: not this source's token. */
@FunctionalInterface
public interface TokenAuthenticator {
  Optional<UserInfo> authenticate(String token);
}
