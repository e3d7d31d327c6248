package dev.netkube.controllers.scheduler;

import java.util.List;
import java.util.OptionalLong;

/** A pod toleration; operator Exists or Equal (the default), an empty key with Exists tolerates everything. */
public record Toleration(String key, String operator, String value, String effect, OptionalLong tolerationSeconds) {
  public static Toleration exists(String key, String effect) {
    return new Toleration(key, "Exists", "", effect, OptionalLong.empty());
  }

  /** corev1 Toleration.ToleratesTaint. */
  public boolean tolerates(Taint taint) {
    if (!effect.isEmpty() && !effect.equals(taint.effect())) return false;
    if (!key.isEmpty() && !key.equals(taint.key())) return false;
    return switch (operator) {
      case "Exists" -> true;
      case "", "Equal" -> value.equals(taint.value());
      default -> false;
    };
  }

  public static boolean tolerated(List<Toleration> tolerations, Taint taint) {
    for (Toleration t : tolerations) if (t.tolerates(taint)) return true;
    return false;
  }
}
