package dev.netkube.model.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.validation.Errors;
import dev.netkube.model.validation.GoValues;
import dev.netkube.model.validation.Labels;
import dev.netkube.model.validation.Nodes;
import dev.netkube.model.validation.Path;
import java.util.ArrayList;
import java.util.List;

/** Pod templates inside workloads: defaults, ValidatePodTemplateSpec and the selector/labels match. */
final class PodTemplates {
  private PodTemplates() {}

  static void applyDefaults(ObjectNode template) {
    if (template == null) return;
    PodSpecs.applyDefaults(Nodes.objectOrCreate(template, "spec"));
  }

  static List<FieldError> validate(JsonNode template, Path path) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode meta = Nodes.object(template, "metadata");
    errs.addAll(Labels.validateLabels(Nodes.stringMap(meta, "labels"), path.child("metadata").child("labels")));
    errs.addAll(Labels.validateAnnotations(Nodes.stringMap(meta, "annotations"), path.child("metadata").child("annotations")));
    errs.addAll(PodSpecs.validate(Nodes.object(template, "spec"), path.child("spec")));
    if (!Nodes.list(Nodes.object(template, "spec"), "ephemeralContainers").isEmpty()) {
      errs.add(Errors.forbidden(path.child("spec").child("ephemeralContainers"),
          "ephemeral containers not allowed in pod template"));
    }
    return errs;
  }

  /**
   * apps/v1 workload spec: selector required and non-empty, valid, matching the template labels;
   * the template valid with restartPolicy Always ({@code kindLabel} words the activeDeadline error).
   */
  static List<FieldError> validateWorkload(JsonNode spec, Path path, String kindLabel, String emptySelectorWhat) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode selector = Nodes.object(spec, "selector");
    if (selector == null) {
      errs.add(Errors.required(path.child("selector")));
    } else {
      errs.addAll(Labels.validateSelector(selector, path.child("selector")));
      if (Labels.isEmptySelector(selector)) {
        errs.add(Errors.invalidRaw(path.child("selector"), GoValues.labelSelector(selector),
            "empty selector is invalid for " + emptySelectorWhat));
      }
    }
    JsonNode template = Nodes.object(spec, "template");
    Path tp = path.child("template");
    if (selector != null && !Labels.isEmptySelector(selector)) {
      JsonNode meta = Nodes.object(template, "metadata");
      if (!Labels.matches(selector, Nodes.stringMap(meta, "labels"))) {
        errs.add(Errors.invalidRaw(tp.child("metadata").child("labels"), GoValues.stringMap(meta, "labels"),
            "`selector` does not match template `labels`"));
      }
    }
    errs.addAll(validate(template, tp));
    String restart = Nodes.text(Nodes.object(template, "spec"), "restartPolicy");
    if (!restart.isEmpty() && !restart.equals("Always") && PodSpecs.RESTART_POLICIES.contains(restart)) {
      errs.add(Errors.notSupported(tp.child("spec").child("restartPolicy"), restart, List.of("Always")));
    }
    if (Nodes.has(Nodes.object(template, "spec"), "activeDeadlineSeconds") && kindLabel != null) {
      errs.add(Errors.forbidden(tp.child("spec").child("activeDeadlineSeconds"),
          "activeDeadlineSeconds in " + kindLabel + " is not Supported"));
    }
    return errs;
  }
}
