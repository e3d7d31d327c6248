package dev.netkube.agent.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container's {@code env} and {@code envFrom} with their sources read, as kubelet's
 * makeEnvironmentVariables reads them: ConfigMaps and Secrets (a missing one or key is the
 * container's CreateContainerConfigError, unless optional), the downward API's fieldRef and
 * resourceFieldRef. Literal values stay unexpanded: the image side expands {@code $(VAR)}.
 */
public final class EnvSources {
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

  /** Reads a ConfigMap or Secret of the pod's namespace; empty when it does not exist. */
  public interface Lookup {
    Optional<ConfigMap> configMap(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);
  }

  /** One env entry: a literal (to be expanded) or a value from a source (taken as it is). */
  public record Entry(String name, String value, boolean literal) {}

  /** envFrom's sources (prefix applied, invalid names left out), then the env entries. */
  public record Resolved(List<Map<String, String>> envFrom, List<Entry> env) {}

  /** A source that is missing and not optional; the message is kubelet's. */
  public static final class ConfigError extends Exception {
    public ConfigError(String message) { super(message); }
  }

  private EnvSources() {}

  public static Resolved resolve(Pod pod, Container c, List<String> podIps, List<String> hostIps, Lookup lookup)
      throws ConfigError {
    String ns = pod.getMetadata().getNamespace();
    List<Map<String, String>> from = new ArrayList<>();
    for (EnvFromSource s : c.getEnvFrom()) {
      String prefix = s.getPrefix() == null ? "" : s.getPrefix();
      Map<String, String> values = new LinkedHashMap<>();
      if (s.getConfigMapRef() != null) {
        boolean optional = Boolean.TRUE.equals(s.getConfigMapRef().getOptional());
        Optional<ConfigMap> cm = lookup.configMap(ns, s.getConfigMapRef().getName());
        if (cm.isEmpty() && !optional) throw new ConfigError("configmap \"" + s.getConfigMapRef().getName() + "\" not found");
        cm.ifPresent(m -> m.getData().forEach((k, v) -> values.put(prefix + k, v)));
      } else if (s.getSecretRef() != null) {
        boolean optional = Boolean.TRUE.equals(s.getSecretRef().getOptional());
        Optional<Secret> secret = lookup.secret(ns, s.getSecretRef().getName());
        if (secret.isEmpty() && !optional) throw new ConfigError("secret \"" + s.getSecretRef().getName() + "\" not found");
        secret.ifPresent(m -> secretData(m).forEach((k, v) -> values.put(prefix + k, v)));
      }
      values.keySet().removeIf(k -> !ENV_NAME.matcher(k).matches());
      from.add(values);
    }
    List<Entry> env = new ArrayList<>();
    for (EnvVar v : c.getEnv()) {
      if (v.getValueFrom() == null) {
        env.add(new Entry(v.getName(), v.getValue() == null ? "" : v.getValue(), true));
        continue;
      }
      Optional<String> value = valueFrom(pod, c, v.getValueFrom(), podIps, hostIps, lookup);
      value.ifPresent(x -> env.add(new Entry(v.getName(), x, false)));
    }
    return new Resolved(from, env);
  }

  private static Optional<String> valueFrom(Pod pod, Container c, EnvVarSource src, List<String> podIps,
      List<String> hostIps, Lookup lookup) throws ConfigError {
    String ns = pod.getMetadata().getNamespace();
    if (src.getFieldRef() != null) return Optional.of(field(pod, src.getFieldRef().getFieldPath(), podIps, hostIps));
    if (src.getResourceFieldRef() != null) return Optional.of(resource(c, src.getResourceFieldRef().getResource()));
    if (src.getConfigMapKeyRef() != null) {
      var ref = src.getConfigMapKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Optional<ConfigMap> cm = lookup.configMap(ns, ref.getName());
      if (cm.isEmpty()) {
        if (optional) return Optional.empty();
        throw new ConfigError("configmap \"" + ref.getName() + "\" not found");
      }
      String value = cm.get().getData().get(ref.getKey());
      if (value == null) {
        if (optional) return Optional.empty();
        throw new ConfigError("couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
      }
      return Optional.of(value);
    }
    if (src.getSecretKeyRef() != null) {
      var ref = src.getSecretKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Optional<Secret> secret = lookup.secret(ns, ref.getName());
      if (secret.isEmpty()) {
        if (optional) return Optional.empty();
        throw new ConfigError("secret \"" + ref.getName() + "\" not found");
      }
      String value = secretData(secret.get()).get(ref.getKey());
      if (value == null) {
        if (optional) return Optional.empty();
        throw new ConfigError("couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
      }
      return Optional.of(value);
    }
    return Optional.of("");
  }

  /** The downward API's pod fields (kubelet's podFieldSelectorRuntimeValue). */
  public static String field(Pod pod, String path, List<String> podIps, List<String> hostIps) throws ConfigError {
    var m = pod.getMetadata();
    switch (path) {
      case "metadata.name": return m.getName();
      case "metadata.namespace": return m.getNamespace();
      case "metadata.uid": return m.getUid();
      case "spec.nodeName": return pod.getSpec().getNodeName();
      case "spec.serviceAccountName": return nullToEmpty(pod.getSpec().getServiceAccountName());
      case "status.hostIP": return hostIps.isEmpty() ? "" : hostIps.get(0);
      case "status.hostIPs": return String.join(",", hostIps);
      case "status.podIP": return podIps.isEmpty() ? "" : podIps.get(0);
      case "status.podIPs": return String.join(",", podIps);
      default:
        if (path.startsWith("metadata.labels['") && path.endsWith("']")) {
          return nullToEmpty(m.getLabels().get(path.substring(17, path.length() - 2)));
        }
        if (path.startsWith("metadata.annotations['") && path.endsWith("']")) {
          return nullToEmpty(m.getAnnotations().get(path.substring(22, path.length() - 2)));
        }
        throw new ConfigError("unsupported fieldPath: " + path);
    }
  }

  /** resourceFieldRef: the container's limit or request, as the API words the quantity; node capacity is not known here. */
  private static String resource(Container c, String resource) {
    var r = c.getResources();
    if (r == null) return "0";
    String[] parts = resource.split("\\.", 2);
    var map = parts[0].equals("limits") ? r.getLimits() : r.getRequests();
    if (map == null || parts.length < 2 || !map.containsKey(parts[1])) return "0";
    return map.get(parts[1]).toString();
  }

  private static Map<String, String> secretData(Secret s) {
    Map<String, String> out = new LinkedHashMap<>();
    if (s.getData() != null) s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    if (s.getStringData() != null) out.putAll(s.getStringData());
    return out;
  }

  private static String nullToEmpty(String s) { return s == null ? "" : s; }
}
