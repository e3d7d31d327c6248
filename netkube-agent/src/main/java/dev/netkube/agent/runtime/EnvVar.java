package dev.netkube.agent.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One variable of a process environment. Order matters to whoever prints {@code env}, so lists of these keep it. */
public record EnvVar(String name, String value) {
  public EnvVar {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /** {@code NAME=value} as an OCI image config or {@code env} writes it. */
  public static EnvVar parse(String assignment) {
    int eq = assignment.indexOf('=');
    return eq < 0 ? new EnvVar(assignment, "") : new EnvVar(assignment.substring(0, eq), assignment.substring(eq + 1));
  }

  public String assignment() { return name + "=" + value; }

  /**
   * {@code base} with each of {@code overrides} set: a name already there keeps its place and takes the new value,
   * a new name goes to the end (containerd's {@code oci.WithEnv}).
   */
  public static List<EnvVar> merge(List<EnvVar> base, List<EnvVar> overrides) {
    Map<String, String> merged = new LinkedHashMap<>();
    for (EnvVar v : base) merged.put(v.name, v.value);
    for (EnvVar v : overrides) merged.put(v.name, v.value);
    List<EnvVar> out = new ArrayList<>(merged.size());
    merged.forEach((k, v) -> out.add(new EnvVar(k, v)));
    return List.copyOf(out);
  }

  public static Map<String, String> asMap(List<EnvVar> env) {
    Map<String, String> m = new LinkedHashMap<>();
    for (EnvVar v : env) m.put(v.name, v.value);
    return m;
  }
}
