package dev.netkube.proxy.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hash kube-proxy names its per-service chains with: SHA-256, then base32 (RFC 4648, upper case, unpadded). */
public final class Sha256Base32 {
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private Sha256Base32() {}

  /** The first {@code length} characters of the base32 SHA-256 of {@code text} (UTF-8). */
  public static String of(String text, int length) {
    String encoded = base32(sha256(text));
    return encoded.substring(0, Math.min(length, encoded.length()));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** Without padding: callers use a prefix only. */
  static String base32(byte[] data) {
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = buffer << 8 | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) out.append(BASE32[(buffer << (5 - bits)) & 31]);
    return out.toString();
  }
}
