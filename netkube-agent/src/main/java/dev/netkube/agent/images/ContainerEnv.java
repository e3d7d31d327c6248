package dev.netkube.agent.images;

import dev.netkube.agent.runtime.EnvVar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A container's declared environment as kubelet computes it (makeEnvironmentVariables): envFrom sources first,
 * then {@code env} in order, each literal value expanded against the variables declared so far and the service
 * variables; values from {@code valueFrom} are taken as they are. Service variables not declared come last.
 * Kubelet hands the result to the runtime in Go map order; here it keeps declaration order (then service
 * variables by name) so that {@code env} prints the same every time.
 */
public final class ContainerEnv {
  private ContainerEnv() {}

  /** One entry of {@code container.env}: a literal {@code value} (expanded) or a resolved {@code valueFrom} (not). */
  public sealed interface Declared permits Literal, Resolved {
    String name();
  }

  public record Literal(String name, String value) implements Declared {}

  public record Resolved(String name, String value) implements Declared {}

  /**
   * @param envFrom each envFrom source's variables (prefix already applied), in the order the container lists them
   * @param env the container's env entries, in order (optional ones whose source is missing left out by the caller)
   * @param serviceEnv the service link variables (KUBERNETES_SERVICE_HOST, ...)
   */
  public static List<EnvVar> compose(List<Map<String, String>> envFrom, List<Declared> env, Map<String, String> serviceEnv) {
    Map<String, String> declared = new LinkedHashMap<>();
    for (Map<String, String> source : envFrom) declared.putAll(source);
    for (Declared d : env) {
      String value;
      if (d instanceof Literal l) value = Expansion.expand(l.value(), Expansion.lookupIn(declared, serviceEnv));
      else value = ((Resolved) d).value();
      declared.put(d.name(), value);
    }
    List<EnvVar> out = new ArrayList<>();
    declared.forEach((k, v) -> out.add(new EnvVar(k, v)));
    new TreeMap<>(serviceEnv).forEach((k, v) -> {
      if (!declared.containsKey(k)) out.add(new EnvVar(k, v));
    });
    return List.copyOf(out);
  }
}
