package dev.netkube.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Service-account tokens: RS256 JWTs signed with sa.key, with upstream's claims.
 *
 * <p>Bound tokens (TokenRequest, projected volumes): {@code iss} = the issuer, {@code sub} =
 * {@code system:serviceaccount:<ns>:<name>}, {@code aud}, {@code exp}/{@code iat}/{@code nbf},
 * {@code jti}, and {@code kubernetes.io} = {namespace, serviceaccount {name, uid}, pod|secret
 * {name, uid}, node {name, uid}}. Legacy secret-based tokens (issuer {@code kubernetes/serviceaccount},
 * flat {@code kubernetes.io/serviceaccount/...} claims, no aud and no exp) verify too.
 *
 * <p>Verification, as upstream's JWT token authenticator: the token must name one of our issuers
 * (otherwise it is another source's token), carry an RS256 signature by our key (a {@code kid}, if
 * present, must be ours), lie within exp/nbf/iat with one minute of leeway (go-jose's default), and
 * share an audience with the API audiences (a token without aud gets the API audiences).
 * Whether the named objects still exist is {@link ServiceAccountLookup}'s job.
 */
public final class ServiceAccountTokens implements TokenAuthenticator {
  public static final String DEFAULT_ISSUER = "https://kubernetes.default.svc.cluster.local";
  public static final String LEGACY_ISSUER = "kubernetes/serviceaccount";
  public static final Duration LEEWAY = Duration.ofMinutes(1);

  private static final String LEGACY_PREFIX = "kubernetes.io/serviceaccount/";

  private final KeyPair keyPair;
  private final String issuer;
  private final List<String> apiAudiences;
  private final Clock clock;
  private final String keyId;

  /**
   * @param keyPair the RSA service-account key pair (sa.key / sa.pub)
   * @param issuer {@code --service-account-issuer}
   * @param apiAudiences {@code --api-audiences} (kube-apiserver defaults them to the issuer)
   */
  public ServiceAccountTokens(KeyPair keyPair, String issuer, List<String> apiAudiences, Clock clock) {
    if (!(keyPair.getPublic() instanceof RSAPublicKey)) throw new IllegalArgumentException("RS256 needs an RSA key pair");
    if (issuer.isEmpty() || issuer.equals(LEGACY_ISSUER)) throw new IllegalArgumentException("invalid issuer: " + issuer);
    if (apiAudiences.isEmpty()) throw new IllegalArgumentException("at least one API audience is required");
    this.keyPair = keyPair;
    this.issuer = issuer;
    this.apiAudiences = List.copyOf(apiAudiences);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keyId = keyIdOf(keyPair);
  }

  /** The cluster's defaults: issuer and sole API audience {@value #DEFAULT_ISSUER}. */
  public static ServiceAccountTokens forCluster(KeyPair keyPair) {
    return new ServiceAccountTokens(keyPair, DEFAULT_ISSUER, List.of(DEFAULT_ISSUER), Clock.systemUTC());
  }

  public String issuer() { return issuer; }

  public List<String> apiAudiences() { return apiAudiences; }

  /** The {@code kid} header: unpadded base64url of SHA-256 over the PKIX (DER) public key, as upstream derives it. */
  public String keyId() { return keyId; }

  /**
   * A bound token valid from now for {@code ttl}. Empty {@code audiences} means the API audiences, as
   * a TokenRequest without audiences gets.
   */
  public String issue(String namespace, String name, String uid, Optional<BoundObject> boundTo,
      List<String> audiences, Duration ttl) {
    requireText(namespace, "namespace");
    requireText(name, "name");
    if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive");
    long now = clock.instant().getEpochSecond();
    ObjectNode kubernetes = Json.object();
    kubernetes.put("namespace", namespace);
    boundTo.ifPresent(bound -> {
      if (bound instanceof BoundObject.Pod pod) pod.node().ifPresent(node -> kubernetes.set("node", ref(node.name(), node.uid())));
      kubernetes.set(bound instanceof BoundObject.Pod ? "pod" : "secret", ref(bound.name(), bound.uid()));
    });
    kubernetes.set("serviceaccount", ref(name, uid));

    // Keys in sorted order, as go-jose's map-merged claims serialize.
    ObjectNode claims = Json.object();
    ArrayNode aud = claims.putArray("aud");
    (audiences.isEmpty() ? apiAudiences : audiences).forEach(aud::add);
    claims.put("exp", now + ttl.toSeconds());
    claims.put("iat", now);
    claims.put("iss", issuer);
    claims.put("jti", UUID.randomUUID().toString());
    claims.set("kubernetes.io", kubernetes);
    claims.put("nbf", now);
    claims.put("sub", ServiceAccountClaims.username(namespace, name));
    return Jws.sign(header(), claims, keyPair.getPrivate());
  }

  /** A legacy token for a {@code kubernetes.io/service-account-token} secret: no audience, no expiry. */
  public String issueLegacy(String namespace, String name, String uid, String secretName) {
    requireText(namespace, "namespace");
    requireText(name, "name");
    requireText(uid, "uid");
    requireText(secretName, "secretName");
    ObjectNode claims = Json.object();
    claims.put("iss", LEGACY_ISSUER);
    claims.put(LEGACY_PREFIX + "namespace", namespace);
    claims.put(LEGACY_PREFIX + "secret.name", secretName);
    claims.put(LEGACY_PREFIX + "service-account.name", name);
    claims.put(LEGACY_PREFIX + "service-account.uid", uid);
    claims.put("sub", ServiceAccountClaims.username(namespace, name));
    return Jws.sign(header(), claims, keyPair.getPrivate());
  }

  /** The user of a valid token, including system:authenticated; empty when the token is not valid. */
  public Optional<UserInfo> verify(String token) {
    return claims(token).map(ServiceAccountClaims::userInfo);
  }

  @Override
  public Optional<UserInfo> authenticate(String token) { return verify(token); }

  /** What a valid token says; empty when the token is not ours or not valid. */
  public Optional<ServiceAccountClaims> claims(String token) {
    String iss = Jws.peekPayload(token).map(p -> p.path("iss").asText("")).orElse("");
    if (!iss.equals(issuer) && !iss.equals(LEGACY_ISSUER)) return Optional.empty();
    Optional<Jws.Verified> verified = Jws.verify(token, keyPair.getPublic());
    if (verified.isEmpty()) return Optional.empty();
    JsonNode kid = verified.get().header().get("kid");
    if (kid != null && !kid.asText().equals(keyId)) return Optional.empty();
    ObjectNode payload = verified.get().payload();
    if (!payload.path("iss").asText("").equals(iss) || !withinTime(payload)) return Optional.empty();
    Optional<List<String>> audiences = acceptedAudiences(payload);
    if (audiences.isEmpty()) return Optional.empty();
    return iss.equals(LEGACY_ISSUER) ? legacyClaims(payload, audiences.get()) : boundClaims(payload, audiences.get());
  }

  private boolean withinTime(ObjectNode payload) {
    long now = clock.instant().getEpochSecond();
    long leeway = LEEWAY.toSeconds();
    for (String field : List.of("exp", "nbf", "iat")) {
      JsonNode n = payload.get(field);
      if (n != null && !n.isNumber()) return false;
    }
    if (payload.has("exp") && now > payload.get("exp").asLong() + leeway) return false;
    if (payload.has("nbf") && now + leeway < payload.get("nbf").asLong()) return false;
    return !payload.has("iat") || now + leeway >= payload.get("iat").asLong();
  }

  private Optional<List<String>> acceptedAudiences(ObjectNode payload) {
    JsonNode aud = payload.get("aud");
    List<String> tokenAudiences = new ArrayList<>();
    if (aud != null && aud.isTextual()) tokenAudiences.add(aud.asText());
    else if (aud != null && aud.isArray()) aud.forEach(a -> tokenAudiences.add(a.asText()));
    else if (aud != null && !aud.isNull()) return Optional.empty();
    if (tokenAudiences.isEmpty()) tokenAudiences.addAll(apiAudiences);
    List<String> accepted = tokenAudiences.stream().filter(apiAudiences::contains).distinct().toList();
    return accepted.isEmpty() ? Optional.empty() : Optional.of(accepted);
  }

  private static Optional<ServiceAccountClaims> boundClaims(ObjectNode payload, List<String> audiences) {
    JsonNode k = payload.path("kubernetes.io");
    String namespace = k.path("namespace").asText("");
    String name = k.path("serviceaccount").path("name").asText("");
    if (namespace.isEmpty() || name.isEmpty()) return Optional.empty();
    String uid = k.path("serviceaccount").path("uid").asText("");
    Optional<BoundObject> bound = Optional.empty();
    if (k.has("pod")) {
      Optional<BoundObject.Node> node = k.has("node")
          ? Optional.of(new BoundObject.Node(k.path("node").path("name").asText(""), k.path("node").path("uid").asText("")))
          : Optional.empty();
      bound = Optional.of(new BoundObject.Pod(k.path("pod").path("name").asText(""), k.path("pod").path("uid").asText(""), node));
    } else if (k.has("secret")) {
      bound = Optional.of(new BoundObject.Secret(k.path("secret").path("name").asText(""), k.path("secret").path("uid").asText("")));
    }
    Optional<String> jti = Optional.of(payload.path("jti").asText("")).filter(s -> !s.isEmpty());
    return Optional.of(new ServiceAccountClaims(namespace, name, uid, bound, jti, audiences, false));
  }

  /** Upstream's legacy validator: all four private claims present and sub naming the same account. */
  private static Optional<ServiceAccountClaims> legacyClaims(ObjectNode payload, List<String> audiences) {
    String namespace = payload.path(LEGACY_PREFIX + "namespace").asText("");
    String secret = payload.path(LEGACY_PREFIX + "secret.name").asText("");
    String name = payload.path(LEGACY_PREFIX + "service-account.name").asText("");
    String uid = payload.path(LEGACY_PREFIX + "service-account.uid").asText("");
    if (namespace.isEmpty() || secret.isEmpty() || name.isEmpty() || uid.isEmpty()) return Optional.empty();
    if (!payload.path("sub").asText("").equals(ServiceAccountClaims.username(namespace, name))) return Optional.empty();
    return Optional.of(new ServiceAccountClaims(namespace, name, uid, Optional.of(new BoundObject.Secret(secret, "")),
        Optional.empty(), audiences, true));
  }

  private ObjectNode header() {
    ObjectNode header = Json.object();
    header.put("alg", Jws.RS256);
    header.put("kid", keyId);
    return header;
  }

  private static ObjectNode ref(String name, String uid) {
    ObjectNode ref = Json.object();
    // omitempty, as upstream's ref struct
    if (!name.isEmpty()) ref.put("name", name);
    if (!uid.isEmpty()) ref.put("uid", uid);
    return ref;
  }

  private static String keyIdOf(KeyPair keyPair) {
    try {
      return Jws.encode(MessageDigest.getInstance("SHA-256").digest(keyPair.getPublic().getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isEmpty()) throw new IllegalArgumentException(what + " is required");
  }
}
