package dev.netkube.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;

/**
 * RS256 JSON Web Signatures in compact serialization (RFC 7515), the only form Kubernetes issues.
 * Parsing accepts nothing but RS256, so a token cannot downgrade itself to "none" or to an HMAC keyed
 * with the public key.
 */
final class Jws {
  static final String RS256 = "RS256";

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** A parsed token whose signature has been checked. */
  record Verified(ObjectNode header, ObjectNode payload) {}

  private Jws() {}

  static String sign(ObjectNode header, ObjectNode payload, PrivateKey key) {
    String signingInput = encode(bytes(header)) + "." + encode(bytes(payload));
    try {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(key);
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + encode(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign token", e);
    }
  }

  /** The payload, unverified; only to route a token to the right issuer before checking it. */
  static Optional<ObjectNode> peekPayload(String token) {
    String[] parts = split(token);
    return parts == null ? Optional.empty() : object(parts[1]);
  }

  /** Header and payload when {@code token} is an RS256 JWS signed by {@code key}. */
  static Optional<Verified> verify(String token, PublicKey key) {
    String[] parts = split(token);
    if (parts == null) return Optional.empty();
    Optional<ObjectNode> header = object(parts[0]);
    Optional<ObjectNode> payload = object(parts[1]);
    Optional<byte[]> signature = decode(parts[2]);
    if (header.isEmpty() || payload.isEmpty() || signature.isEmpty()) return Optional.empty();
    if (!RS256.equals(header.get().path("alg").asText())) return Optional.empty();
    try {
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(key);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(signature.get())) return Optional.empty();
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
    return Optional.of(new Verified(header.get(), payload.get()));
  }

  static String encode(byte[] bytes) { return ENCODER.encodeToString(bytes); }

  private static String[] split(String token) {
    if (token == null) return null;
    String[] parts = token.split("\\.", -1);
    return parts.length == 3 ? parts : null;
  }

  private static Optional<byte[]> decode(String part) {
    // Unpadded base64url only, as Go's base64.RawURLEncoding.
    if (part.isEmpty() || part.indexOf('=') >= 0) return Optional.empty();
    try {
      return Optional.of(DECODER.decode(part));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<ObjectNode> object(String part) {
    return decode(part).flatMap(bytes -> {
      try {
        JsonNode node = Json.parse(bytes);
        return node instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
      } catch (java.io.IOException e) {
        return Optional.empty();
      }
    });
  }

  private static byte[] bytes(ObjectNode node) { return Json.bytes(node); }
}
