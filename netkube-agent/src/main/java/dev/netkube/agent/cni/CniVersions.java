package dev.netkube.agent.cni;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which spec version to write into the conflist, from what each plugin answers to VERSION.
 * netkube speaks 1.0.0 and 0.4.0 (CHECK and the cached result on DEL need 0.4.0 or newer).
 */
public final class CniVersions {
  /** Newest first. */
  public static final List<String> SPOKEN = List.of("1.0.0", "0.4.0");

  private CniVersions() {}

  /** A VERSION answer's supportedVersions: {"cniVersion":"1.0.0","supportedVersions":[...]}. */
  public static List<String> supported(JsonNode versionAnswer) {
    List<String> out = new ArrayList<>();
    JsonNode list = versionAnswer.path("supportedVersions");
    if (list.isArray()) list.forEach(v -> out.add(v.asText()));
    return out;
  }

  /**
   * The preferred version when every plugin supports it, else the newest netkube speaks that all
   * do; IllegalStateException naming the plugin that supports none.
   */
  public static String choose(String preferred, Map<String, List<String>> supportedByPlugin) {
    List<String> candidates = new ArrayList<>();
    candidates.add(preferred);
    SPOKEN.stream().filter(v -> !v.equals(preferred)).forEach(candidates::add);
    for (String v : candidates) {
      if (supportedByPlugin.values().stream().allMatch(s -> s.contains(v))) return v;
    }
    for (var e : supportedByPlugin.entrySet()) {
      if (SPOKEN.stream().noneMatch(e.getValue()::contains)) {
        throw new IllegalStateException("plugin type=\"" + e.getKey() + "\" supports CNI versions " + e.getValue()
            + ", netkube needs one of " + SPOKEN);
      }
    }
    throw new IllegalStateException("the CNI plugins share no CNI version netkube speaks " + SPOKEN + ": " + supportedByPlugin);
  }
}
