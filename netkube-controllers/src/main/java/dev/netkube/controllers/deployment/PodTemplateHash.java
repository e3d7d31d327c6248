package dev.netkube.controllers.deployment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.nio.charset.StandardCharsets;

/**
 * The pod-template-hash of a deployment's template, as upstream's controller.ComputeHash: an
 * FNV-1a 32-bit hash of the template (plus the collision count when there is one), its decimal
 * form encoded with rand.SafeEncodeString's alphabet. Upstream hashes Go's spew dump of the
 * struct, which only Go can reproduce: netkube hashes the template's canonical JSON (keys
 * sorted), so values differ from a real cluster's but have the same form ("7d4b9c8f5") and the
 * same properties (stable, changes with the template, changes with the collision count).
 */
public final class PodTemplateHash {
  public static final String LABEL = "pod-template-hash";
  private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private PodTemplateHash() {}

  public static String of(PodTemplateSpec template, int collisionCount) {
    String json;
    try {
      json = CANONICAL.writeValueAsString(CANONICAL.readValue(CANONICAL.writeValueAsString(template), java.util.Map.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    int hash = fnv1a32(json.getBytes(StandardCharsets.UTF_8), 0x811c9dc5);
    if (collisionCount > 0) {
      byte[] c = new byte[4];
      for (int i = 0; i < 4; i++) c[i] = (byte) (collisionCount >>> (8 * i)); // little endian, as binary.LittleEndian.PutUint32
      hash = fnv1a32(c, hash);
    }
    return safeEncode(Integer.toUnsignedString(hash));
  }

  static int fnv1a32(byte[] data, int seed) {
    int h = seed;
    for (byte b : data) {
      h ^= (b & 0xff);
      h *= 0x01000193;
    }
    return h;
  }

  /** rand.SafeEncodeString: each character mapped into an alphabet without vowels or look-alikes. */
  static String safeEncode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) out.append(ALPHANUMS.charAt(ch % ALPHANUMS.length()));
    return out.toString();
  }
}
