package dev.netkube.controllers.workload;

import dev.netkube.model.Json;
import dev.netkube.model.select.LabelSelector;
import dev.netkube.model.select.SelectorException;
import java.util.Map;

/** metav1.LabelSelector of the API model as netkube-model's one selector implementation. */
public final class Selectors {
  private Selectors() {}

  /** Absent → nothing, {} → everything, a malformed selector → nothing (validation refuses those on write). */
  public static LabelSelector of(io.fabric8.kubernetes.api.model.LabelSelector selector) {
    if (selector == null) return LabelSelector.nothing();
    try {
      return LabelSelector.fromJson(Json.MAPPER.valueToTree(selector));
    } catch (SelectorException e) {
      return LabelSelector.nothing();
    }
  }

  public static boolean matches(io.fabric8.kubernetes.api.model.LabelSelector selector, Map<String, String> labels) {
    return of(selector).matches(labels == null ? Map.of() : labels);
  }
}
