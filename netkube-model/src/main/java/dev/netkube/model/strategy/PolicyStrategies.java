package dev.netkube.model.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.validation.Errors;
import dev.netkube.model.validation.Labels;
import dev.netkube.model.validation.Nodes;
import dev.netkube.model.validation.Path;
import java.util.ArrayList;
import java.util.List;

/** policy/v1 PodDisruptionBudget. */
public final class PolicyStrategies {
  private static final Path SPEC = Path.of("spec");
  private static final List<String> EVICTION_POLICIES = List.of("AlwaysAllow", "IfHealthyBudget");

  private PolicyStrategies() {}

  public static final ResourceStrategy POD_DISRUPTION_BUDGET = new ResourceStrategy() {
    @Override
    public List<FieldError> validateCreate(ObjectNode pdb) {
      List<FieldError> errs = new ArrayList<>();
      JsonNode spec = Nodes.object(pdb, "spec");
      JsonNode min = spec == null ? null : spec.get("minAvailable");
      JsonNode max = spec == null ? null : spec.get("maxUnavailable");
      if (min != null && !min.isNull() && max != null && !max.isNull()) {
        errs.add(Errors.invalidRaw(SPEC, "policy.PodDisruptionBudgetSpec{MinAvailable:" + WorkloadStrategies.intOrString(min)
            + ", Selector:..., MaxUnavailable:" + WorkloadStrategies.intOrString(max) + "}",
            "minAvailable and maxUnavailable cannot be both set"));
      }
      for (String f : List.of("minAvailable", "maxUnavailable")) {
        JsonNode v = spec == null ? null : spec.get(f);
        WorkloadStrategies.intOrPercent(v, SPEC.child(f), errs);
        if (WorkloadStrategies.percentOver100(v)) {
          errs.add(Errors.invalidRaw(SPEC.child(f), WorkloadStrategies.intOrString(v), "must not be greater than 100%"));
        }
      }
      errs.addAll(Labels.validateSelector(Nodes.object(spec, "selector"), SPEC.child("selector")));
      if (Nodes.has(spec, "unhealthyPodEvictionPolicy")) {
        String policy = Nodes.text(spec, "unhealthyPodEvictionPolicy");
        if (!EVICTION_POLICIES.contains(policy)) {
          errs.add(Errors.notSupported(SPEC.child("unhealthyPodEvictionPolicy"), policy, EVICTION_POLICIES));
        }
      }
      return errs;
    }
  };
}
