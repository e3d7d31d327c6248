package dev.netkube.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenAuthenticatorTest {
  static final ServiceAccountTokens TOKENS = ServiceAccountTokens.forCluster(ServiceAccountTokensTest.KEY);

  static String token() {
    return TOKENS.issue("default", "builder", "sa-uid", Optional.empty(), List.of(), Duration.ofHours(1));
  }

  @Test
  void headerIsReadAsUpstreamReadsIt() {
    assertThat(BearerTokenAuthenticator.bearerToken("Bearer abc")).contains("abc");
    assertThat(BearerTokenAuthenticator.bearerToken("bearer abc")).contains("abc");
    assertThat(BearerTokenAuthenticator.bearerToken("  BEARER abc  ")).contains("abc");
    assertThat(BearerTokenAuthenticator.bearerToken("Bearer abc extra")).contains("abc");
    assertThat(BearerTokenAuthenticator.bearerToken("Bearer  abc")).isEmpty();
    assertThat(BearerTokenAuthenticator.bearerToken("Bearer")).isEmpty();
    assertThat(BearerTokenAuthenticator.bearerToken("Basic YWRtaW46eA==")).isEmpty();
    assertThat(BearerTokenAuthenticator.bearerToken("")).isEmpty();
    assertThat(BearerTokenAuthenticator.bearerToken(null)).isEmpty();
  }

  @Test
  void serviceAccountTokenInAHeaderAuthenticates() {
    BearerTokenAuthenticator auth = BearerTokenAuthenticator.of(TOKENS, ServiceAccountLookup.NONE);
    assertThat(auth.authenticateHeader("Bearer " + token()).orElseThrow().name())
        .isEqualTo("system:serviceaccount:default:builder");
    assertThat(auth.authenticateHeader("Bearer garbage")).isEmpty();
  }

  @Test
  void lookupRevokesTokensWhoseAccountIsGone() {
    BearerTokenAuthenticator auth = BearerTokenAuthenticator.of(TOKENS,
        (claims, token) -> claims.namespace().equals("default") && claims.uid().equals("another-uid"));
    assertThat(auth.authenticate(token())).isEmpty();
  }

  @Test
  void staticTokenSourceIsAnExtraTokenAuthenticator() {
    TokenAuthenticator tokenFile = token -> token.equals("s3cret")
        ? Optional.of(new UserInfo("admin", "1000", List.of("system:masters"), java.util.Map.of()))
        : Optional.empty();
    BearerTokenAuthenticator auth = BearerTokenAuthenticator.of(TOKENS, ServiceAccountLookup.NONE).with(tokenFile);
    UserInfo admin = auth.authenticateHeader("Bearer s3cret").orElseThrow();
    assertThat(admin.groups()).containsExactly("system:masters", "system:authenticated");
    assertThat(admin.uid()).isEqualTo("1000");
    assertThat(auth.authenticate(token())).isPresent();
    assertThat(auth.authenticate("wrong")).isEmpty();
  }

  @Test
  void authenticatedGroupIsAddedOnceAndNeverToAnonymous() {
    UserInfo u = UserInfo.of("jane", List.of("dev"));
    assertThat(u.withAuthenticatedGroup().withAuthenticatedGroup().groups()).containsExactly("dev", "system:authenticated");
    assertThat(UserInfo.of("system:anonymous", List.of("system:unauthenticated")).withAuthenticatedGroup().groups())
        .containsExactly("system:unauthenticated");
  }
}
