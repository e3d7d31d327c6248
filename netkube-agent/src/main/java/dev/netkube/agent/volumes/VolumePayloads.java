package dev.netkube.agent.volumes;

import dev.netkube.agent.pods.EnvSources;
import dev.netkube.model.GoQuote;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The files of a configMap, secret, downwardAPI or projected volume (pure), as kubelet's
 * plugins make their payload: every key with the defaultMode, or the items (key → path, mode);
 * a missing source or key is the SetUp error in kubelet's words unless the volume is optional.
 * Paths are relative to the volume's folder; the atomic writer puts them there.
 */
public final class VolumePayloads {
  static final int DEFAULT_MODE = 0644;

  /** The node's allocatable resources, which a resourceFieldRef to an unset limit reports (kubelet does so). */
  public record NodeAllocatable(long cpuMillis, long memoryBytes, long ephemeralStorageBytes) {}

  /** A payload, or why there is none. */
  public sealed interface Outcome {
    record Files(Map<String, VolumeFile> files) implements Outcome {
      public Files {
        files = Map.copyOf(files);
      }
    }

    /** The SetUp error (the FailedMount event shows it after {@code volume "x" : }). */
    record Failed(String message) implements Outcome {}
  }

  private VolumePayloads() {}

  public static Outcome payload(Pod pod, Volume v, VolumeSources sources, NodeAllocatable node) {
    Map<String, VolumeFile> files = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    try {
      if (v.getConfigMap() != null) {
        var s = v.getConfigMap();
        configMap(files, sources.configMap(s.getName()), s.getName(), s.getItems(), mode(s.getDefaultMode()),
            Boolean.TRUE.equals(s.getOptional()));
      } else if (v.getSecret() != null) {
        var s = v.getSecret();
        secret(files, sources.secret(s.getSecretName()), s.getSecretName(), s.getItems(), mode(s.getDefaultMode()),
            Boolean.TRUE.equals(s.getOptional()));
      } else if (v.getDownwardAPI() != null) {
        downward(files, pod, v.getDownwardAPI().getItems(), mode(v.getDownwardAPI().getDefaultMode()), node);
      } else if (v.getProjected() != null) {
        int mode = mode(v.getProjected().getDefaultMode());
        for (VolumeProjection p : v.getProjected().getSources()) {
          // each source's error is collected and the rest still read, as kubelet's projected plugin does
          try {
            project(files, pod, p, mode, sources, node);
          } catch (SetUpError e) {
            errors.add(e.getMessage());
          }
        }
      } else {
        return new Outcome.Failed("not a volume of API data");
      }
    } catch (SetUpError e) {
      return new Outcome.Failed(e.getMessage());
    }
    if (errors.size() == 1) return new Outcome.Failed(errors.get(0));
    if (!errors.isEmpty()) return new Outcome.Failed("[" + String.join(", ", errors) + "]"); // Go's aggregate error
    return new Outcome.Files(files);
  }

  private static final class SetUpError extends Exception {
    SetUpError(String message) { super(message); }
  }

  private static int mode(Integer m) { return m == null ? DEFAULT_MODE : m; }

  private static void project(Map<String, VolumeFile> files, Pod pod, VolumeProjection p, int mode, VolumeSources sources,
      NodeAllocatable node) throws SetUpError {
    if (p.getConfigMap() != null) {
      var s = p.getConfigMap();
      configMap(files, sources.configMap(s.getName()), s.getName(), s.getItems(), mode, Boolean.TRUE.equals(s.getOptional()));
    } else if (p.getSecret() != null) {
      var s = p.getSecret();
      secret(files, sources.secret(s.getName()), s.getName(), s.getItems(), mode, Boolean.TRUE.equals(s.getOptional()));
    } else if (p.getDownwardAPI() != null) {
      downward(files, pod, p.getDownwardAPI().getItems(), mode, node);
    } else if (p.getServiceAccountToken() != null) {
      var t = p.getServiceAccountToken();
      long seconds = t.getExpirationSeconds() == null ? 3600 : t.getExpirationSeconds();
      try {
        String token = sources.serviceAccountToken(t.getAudience() == null ? "" : t.getAudience(), seconds);
        files.put(t.getPath(), VolumeFile.text(token, mode));
      } catch (VolumeSources.SourceFailure e) {
        throw new SetUpError("failed to fetch token: " + e.getMessage());
      }
    }
  }

  private static void configMap(Map<String, VolumeFile> files, Optional<ConfigMap> cm, String name, List<KeyToPath> items,
      int mode, boolean optional) throws SetUpError {
    if (cm.isEmpty()) {
      if (optional) return;
      throw new SetUpError("configmap \"" + name + "\" not found");
    }
    Map<String, byte[]> data = new TreeMap<>();
    if (cm.get().getData() != null) cm.get().getData().forEach((k, x) -> data.put(k, x.getBytes(StandardCharsets.UTF_8)));
    if (cm.get().getBinaryData() != null) cm.get().getBinaryData().forEach((k, x) -> data.put(k, Base64.getDecoder().decode(x)));
    keys(files, data, items, mode, optional, "configmap references non-existent config key: ");
  }

  private static void secret(Map<String, VolumeFile> files, Optional<Secret> secret, String name, List<KeyToPath> items,
      int mode, boolean optional) throws SetUpError {
    if (secret.isEmpty()) {
      if (optional) return;
      throw new SetUpError("secret \"" + name + "\" not found");
    }
    Map<String, byte[]> data = new TreeMap<>();
    if (secret.get().getData() != null) secret.get().getData().forEach((k, x) -> data.put(k, Base64.getDecoder().decode(x)));
    if (secret.get().getStringData() != null) {
      secret.get().getStringData().forEach((k, x) -> data.put(k, x.getBytes(StandardCharsets.UTF_8)));
    }
    keys(files, data, items, mode, optional, "references non-existent secret key: ");
  }

  private static void keys(Map<String, VolumeFile> files, Map<String, byte[]> data, List<KeyToPath> items, int mode,
      boolean optional, String missingKey) throws SetUpError {
    if (items == null || items.isEmpty()) {
      data.forEach((k, x) -> files.put(k, new VolumeFile(x, mode)));
      return;
    }
    for (KeyToPath item : items) {
      byte[] x = data.get(item.getKey());
      if (x == null) {
        if (optional) continue;
        throw new SetUpError(missingKey + item.getKey());
      }
      files.put(item.getPath(), new VolumeFile(x, item.getMode() == null ? mode : item.getMode()));
    }
  }

  private static void downward(Map<String, VolumeFile> files, Pod pod, List<DownwardAPIVolumeFile> items, int mode,
      NodeAllocatable node) throws SetUpError {
    for (DownwardAPIVolumeFile item : items) {
      String value;
      if (item.getFieldRef() != null) {
        value = field(pod, item.getFieldRef().getFieldPath());
      } else if (item.getResourceFieldRef() != null) {
        value = resource(pod, item.getResourceFieldRef(), node);
      } else {
        continue;
      }
      files.put(item.getPath(), VolumeFile.text(value, item.getMode() == null ? mode : item.getMode()));
    }
  }

  private static String field(Pod pod, String path) throws SetUpError {
    if (path.equals("metadata.labels")) return formatMap(pod.getMetadata().getLabels());
    if (path.equals("metadata.annotations")) return formatMap(pod.getMetadata().getAnnotations());
    try {
      return EnvSources.field(pod, path, List.of(), List.of());
    } catch (EnvSources.ConfigError e) {
      throw new SetUpError(e.getMessage());
    }
  }

  /** kubelet's fieldpath.FormatMap: {@code key="value"} lines, keys sorted, no newline after the last. */
  static String formatMap(Map<String, String> m) {
    StringBuilder b = new StringBuilder();
    for (var e : new TreeMap<>(m == null ? Map.<String, String>of() : m).entrySet()) {
      if (b.length() > 0) b.append('\n');
      b.append(e.getKey()).append('=').append(GoQuote.quote(e.getValue()));
    }
    return b.toString();
  }

  /**
   * resourceFieldRef as kubelet's ExtractResourceValueByContainerName: the value divided by the
   * divisor, rounded up; a limit the container does not set is the node's allocatable.
   */
  static String resource(Pod pod, ResourceFieldSelector ref, NodeAllocatable node) throws SetUpError {
    Container c = null;
    for (Container x : pod.getSpec().getContainers()) if (x.getName().equals(ref.getContainerName())) c = x;
    for (Container x : pod.getSpec().getInitContainers()) if (c == null && x.getName().equals(ref.getContainerName())) c = x;
    if (c == null) throw new SetUpError("container " + ref.getContainerName() + " not found");
    String[] parts = ref.getResource().split("\\.", 2);
    if (parts.length != 2) throw new SetUpError("unsupported container resource : " + ref.getResource());
    Map<String, Quantity> set = c.getResources() == null ? null
        : parts[0].equals("limits") ? c.getResources().getLimits() : c.getResources().getRequests();
    Quantity q = set == null ? null : set.get(parts[1]);
    BigDecimal amount;
    if (q != null) {
      amount = q.getNumericalAmount();
    } else if (parts[0].equals("limits")) {
      amount = switch (parts[1]) {
        case "cpu" -> BigDecimal.valueOf(node.cpuMillis()).movePointLeft(3);
        case "memory" -> BigDecimal.valueOf(node.memoryBytes());
        case "ephemeral-storage" -> BigDecimal.valueOf(node.ephemeralStorageBytes());
        default -> BigDecimal.ZERO;
      };
    } else {
      amount = BigDecimal.ZERO;
    }
    BigDecimal divisor = ref.getDivisor() == null ? BigDecimal.ONE : ref.getDivisor().getNumericalAmount();
    if (divisor.signum() == 0) divisor = BigDecimal.ONE;
    if (parts[1].equals("cpu")) {
      // milli-units, as kubelet's convertResourceCPUToString divides MilliValue()s
      BigDecimal milli = amount.movePointRight(3).setScale(0, RoundingMode.CEILING);
      BigDecimal divMilli = divisor.movePointRight(3).setScale(0, RoundingMode.CEILING);
      return milli.divide(divMilli, 0, RoundingMode.CEILING).toPlainString();
    }
    return amount.setScale(0, RoundingMode.CEILING).divide(divisor, 0, RoundingMode.CEILING).toPlainString();
  }
}
