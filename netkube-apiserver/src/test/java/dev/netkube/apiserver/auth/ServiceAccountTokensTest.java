package dev.netkube.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ServiceAccountTokensTest {
  static final String ISSUER = ServiceAccountTokens.DEFAULT_ISSUER;
  static final KeyPair KEY = rsa();
  static final Instant T0 = Instant.parse("2026-11-25T04:00:00Z");

  static ServiceAccountTokens at(Instant now) { return at(now, KEY, ISSUER); }

  static ServiceAccountTokens at(Instant now, KeyPair key, String issuer) {
    return new ServiceAccountTokens(key, issuer, List.of(ISSUER), Clock.fixed(now, ZoneOffset.UTC));
  }

  static String plainToken() {
    return at(T0).issue("default", "builder", "sa-uid-1", Optional.empty(), List.of(), Duration.ofHours(1));
  }

  @Test
  void tokenAuthenticatesAsTheServiceAccount() {
    String token = plainToken();
    UserInfo user = at(T0.plusSeconds(60)).verify(token).orElseThrow();
    String jti = payload(token).get("jti").asText();
    assertThat(user).isEqualTo(new UserInfo("system:serviceaccount:default:builder", "sa-uid-1",
        List.of("system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"),
        Map.of("authentication.kubernetes.io/credential-id", List.of("JTI=" + jti))));
  }

  @Test
  void claimsAreUpstreams() {
    ServiceAccountTokens tokens = at(T0);
    String token = tokens.issue("kube-system", "coredns", "sa-uid", Optional.of(new BoundObject.Pod("coredns-x", "pod-uid",
        Optional.of(new BoundObject.Node("node-1", "node-uid")))), List.of(), Duration.ofSeconds(3607));
    assertThat(Json.text(header(token))).isEqualTo("{\"alg\":\"RS256\",\"kid\":\"" + tokens.keyId() + "\"}");
    ObjectNode claims = payload(token);
    assertThat(claims.fieldNames()).toIterable()
        .containsExactly("aud", "exp", "iat", "iss", "jti", "kubernetes.io", "nbf", "sub");
    assertThat(Json.text(claims.get("aud"))).isEqualTo("[\"https://kubernetes.default.svc.cluster.local\"]");
    assertThat(claims.get("iat").asLong()).isEqualTo(T0.getEpochSecond());
    assertThat(claims.get("nbf").asLong()).isEqualTo(T0.getEpochSecond());
    assertThat(claims.get("exp").asLong()).isEqualTo(T0.getEpochSecond() + 3607);
    assertThat(claims.get("iss").asText()).isEqualTo(ISSUER);
    assertThat(claims.get("jti").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(claims.get("sub").asText()).isEqualTo("system:serviceaccount:kube-system:coredns");
    assertThat(Json.text(claims.get("kubernetes.io"))).isEqualTo("{\"namespace\":\"kube-system\","
        + "\"node\":{\"name\":\"node-1\",\"uid\":\"node-uid\"},\"pod\":{\"name\":\"coredns-x\",\"uid\":\"pod-uid\"},"
        + "\"serviceaccount\":{\"name\":\"coredns\",\"uid\":\"sa-uid\"}}");
    // kid as upstream: unpadded base64url SHA-256 of the DER public key
    assertThat(tokens.keyId()).matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void podBoundTokenCarriesPodAndNodeInExtra() {
    String token = at(T0).issue("default", "web", "sa-uid", Optional.of(new BoundObject.Pod("web-0", "pod-uid",
        Optional.of(new BoundObject.Node("node-2", "node-uid")))), List.of(), Duration.ofHours(1));
    Map<String, List<String>> extra = at(T0).verify(token).orElseThrow().extra();
    assertThat(extra).containsEntry("authentication.kubernetes.io/pod-name", List.of("web-0"))
        .containsEntry("authentication.kubernetes.io/pod-uid", List.of("pod-uid"))
        .containsEntry("authentication.kubernetes.io/node-name", List.of("node-2"))
        .containsEntry("authentication.kubernetes.io/node-uid", List.of("node-uid"))
        .containsKey("authentication.kubernetes.io/credential-id");
    ServiceAccountClaims claims = at(T0).claims(token).orElseThrow();
    assertThat(claims.boundTo()).contains(new BoundObject.Pod("web-0", "pod-uid",
        Optional.of(new BoundObject.Node("node-2", "node-uid"))));
    assertThat(claims.legacy()).isFalse();
  }

  @Test
  void secretBoundTokenNamesTheSecret() {
    String token = at(T0).issue("default", "web", "sa-uid", Optional.of(new BoundObject.Secret("s", "s-uid")),
        List.of(), Duration.ofHours(1));
    assertThat(Json.text(payload(token).get("kubernetes.io").get("secret"))).isEqualTo("{\"name\":\"s\",\"uid\":\"s-uid\"}");
    assertThat(at(T0).claims(token).orElseThrow().boundTo()).contains(new BoundObject.Secret("s", "s-uid"));
  }

  @Test
  void expiredTokenIsRefusedAfterOneMinuteOfLeeway() {
    String token = plainToken();
    assertThat(at(T0.plus(Duration.ofMinutes(60)).plusSeconds(60)).verify(token)).isPresent();
    assertThat(at(T0.plus(Duration.ofMinutes(60)).plusSeconds(61)).verify(token)).isEmpty();
  }

  @Test
  void notYetValidTokenIsRefusedBeyondTheLeeway() {
    String token = plainToken();
    assertThat(at(T0.minusSeconds(60)).verify(token)).isPresent();
    assertThat(at(T0.minusSeconds(61)).verify(token)).isEmpty();
  }

  @Test
  void tamperedTokenIsRefused() {
    String token = plainToken();
    String[] parts = token.split("\\.");
    ObjectNode claims = payload(token);
    claims.put("sub", "system:serviceaccount:kube-system:admin");
    ((ObjectNode) claims.get("kubernetes.io")).put("namespace", "kube-system");
    String forgedPayload = b64(Json.bytes(claims));
    assertThat(at(T0).verify(parts[0] + "." + forgedPayload + "." + parts[2])).isEmpty();
    byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
    sig[10] ^= 1;
    assertThat(at(T0).verify(parts[0] + "." + parts[1] + "." + b64(sig))).isEmpty();
    assertThat(at(T0).verify(parts[0] + "." + parts[1])).isEmpty();
    assertThat(at(T0).verify(token + "=")).isEmpty();
    assertThat(at(T0).verify("not a token")).isEmpty();
    assertThat(at(T0).verify(token)).isPresent();
  }

  @Test
  void tokenOfAnotherIssuerIsRefused() {
    String foreign = at(T0, KEY, "https://issuer.example").issue("default", "builder", "uid", Optional.empty(),
        List.of(ISSUER), Duration.ofHours(1));
    assertThat(at(T0).verify(foreign)).isEmpty();
  }

  @Test
  void tokenSignedWithAnotherKeyIsRefused() {
    String other = at(T0, rsa(), ISSUER).issue("default", "builder", "uid", Optional.empty(), List.of(),
        Duration.ofHours(1));
    assertThat(at(T0).verify(other)).isEmpty();
    // even when its kid is made to look like ours
    String[] parts = other.split("\\.");
    String ourHeader = plainToken().split("\\.")[0];
    assertThat(at(T0).verify(ourHeader + "." + parts[1] + "." + parts[2])).isEmpty();
  }

  @Test
  void tokenForAnotherAudienceIsRefused() {
    ServiceAccountTokens tokens = at(T0);
    String vault = tokens.issue("default", "builder", "uid", Optional.empty(), List.of("vault"), Duration.ofHours(1));
    assertThat(tokens.verify(vault)).isEmpty();
    String both = tokens.issue("default", "builder", "uid", Optional.empty(), List.of("vault", ISSUER), Duration.ofHours(1));
    assertThat(tokens.claims(both).orElseThrow().audiences()).containsExactly(ISSUER);
  }

  @Test
  void onlyRs256IsAccepted() throws Exception {
    ObjectNode claims = payload(plainToken());
    String body = b64(Json.bytes(claims));
    String none = b64("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(at(T0).verify(none + "." + body + ".")).isEmpty();
    // HS256 keyed with the public key: the classic algorithm-confusion forgery
    String hs = b64("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getPublic().getEncoded(), "HmacSHA256"));
    String sig = b64(mac.doFinal((hs + "." + body).getBytes(StandardCharsets.US_ASCII)));
    assertThat(at(T0).verify(hs + "." + body + "." + sig)).isEmpty();
  }

  @Test
  void legacySecretTokenVerifiesWithoutExpiryOrAudience() {
    String token = at(T0).issueLegacy("default", "builder", "sa-uid", "builder-token-x7k2p");
    ObjectNode claims = payload(token);
    assertThat(Json.text(claims)).isEqualTo("{\"iss\":\"kubernetes/serviceaccount\","
        + "\"kubernetes.io/serviceaccount/namespace\":\"default\","
        + "\"kubernetes.io/serviceaccount/secret.name\":\"builder-token-x7k2p\","
        + "\"kubernetes.io/serviceaccount/service-account.name\":\"builder\","
        + "\"kubernetes.io/serviceaccount/service-account.uid\":\"sa-uid\","
        + "\"sub\":\"system:serviceaccount:default:builder\"}");
    ServiceAccountTokens years = at(T0.plus(Duration.ofDays(3650)));
    assertThat(years.verify(token)).contains(new UserInfo("system:serviceaccount:default:builder", "sa-uid",
        List.of("system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"), Map.of()));
    ServiceAccountClaims parsed = years.claims(token).orElseThrow();
    assertThat(parsed.legacy()).isTrue();
    assertThat(parsed.boundTo()).contains(new BoundObject.Secret("builder-token-x7k2p", ""));
    assertThat(parsed.audiences()).containsExactly(ISSUER);
  }

  @Test
  void legacyTokenWhoseSubjectDisagreesIsRefused() {
    ObjectNode claims = payload(at(T0).issueLegacy("default", "builder", "sa-uid", "builder-token-x7k2p"));
    claims.put("sub", "system:serviceaccount:kube-system:builder");
    ObjectNode header = Json.object().put("alg", "RS256");
    assertThat(at(T0).verify(Jws.sign(header, claims, KEY.getPrivate()))).isEmpty();
    claims.put("sub", "system:serviceaccount:default:builder");
    assertThat(at(T0).verify(Jws.sign(header, claims, KEY.getPrivate()))).isPresent();
    claims.remove("kubernetes.io/serviceaccount/secret.name");
    assertThat(at(T0).verify(Jws.sign(header, claims, KEY.getPrivate()))).isEmpty();
  }

  @Test
  void singleStringAudienceIsAccepted() {
    ObjectNode claims = payload(plainToken());
    claims.put("aud", ISSUER);
    assertThat(at(T0).verify(Jws.sign(Json.object().put("alg", "RS256"), claims, KEY.getPrivate()))).isPresent();
  }

  static ObjectNode payload(String token) { return part(token, 1); }

  static ObjectNode header(String token) { return part(token, 0); }

  private static ObjectNode part(String token, int i) {
    try {
      JsonNode node = Json.parse(Base64.getUrlDecoder().decode(token.split("\\.")[i]));
      return (ObjectNode) node;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  static String b64(byte[] bytes) { return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes); }

  static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
