package dev.netkube.apiserver.http;

import dev.netkube.apiserver.auth.BearerTokenAuthenticator;
import dev.netkube.apiserver.auth.ClientCertificateAuthenticator;
import dev.netkube.apiserver.auth.UserInfo;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.security.cert.X509Certificate;
import java.util.Optional;

/** Client certificate first, then a bearer token, as kube-apiserver's union authenticator. */
public final class RequestAuthenticator {
  private final ClientCertificateAuthenticator certificates;
  private final BearerTokenAuthenticator tokens;

  public RequestAuthenticator(ClientCertificateAuthenticator certificates, BearerTokenAuthenticator tokens) {
    this.certificates = certificates;
    this.tokens = tokens;
  }

  public Optional<UserInfo> authenticate(X509Certificate[] chain, String authorization) {
    if (chain.length > 0) {
      Optional<UserInfo> u = certificates.authenticate(chain);
      if (u.isPresent()) return u;
    }
    String token = bearer(authorization);
    return token.isEmpty() ? Optional.empty() : tokens.authenticate(token);
  }

  /** A request that presented credentials which failed gets 401 even on public paths. */
  public boolean presentedBadCredentials(HttpHeaders headers) {
    return !bearer(headers.get(HttpHeaderNames.AUTHORIZATION)).isEmpty();
  }

  private static String bearer(String authorization) {
    if (authorization == null) return "";
    String a = authorization.trim();
    return a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).trim() : "";
  }
}
