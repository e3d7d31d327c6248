package dev.netkube.model.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.validation.Errors;
import dev.netkube.model.validation.Nodes;
import dev.netkube.model.validation.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pods: v1 defaults (SetDefaults_Pod and the pod spec defaults), what the always-on admission
 * plugins add on create (ServiceAccount: serviceAccountName "default"; Priority: priority 0 and
 * preemptionPolicy PreemptLowerPriority), the create-time status (Pending with its QoS class), and
 * ValidatePod / ValidatePodUpdate's spec-immutability rule.
 */
public final class PodStrategy implements ResourceStrategy {
  static final String UPDATABLE_FIELDS = "`spec.containers[*].image`,`spec.initContainers[*].image`,"
      + "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
      + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

  static final String NOT_READY = "node.kubernetes.io/not-ready";
  static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  static final long DEFAULT_TOLERATION_SECONDS = 300;

  @Override
  public void applyDefaults(ObjectNode pod) {
    defaults(pod);
    addDefaultTolerations(Nodes.objectOrCreate(pod, "spec"));
  }

  /**
   * The DefaultTolerationSeconds admission plugin (create only): pods tolerate the NoExecute
   * taints not-ready and unreachable for 300 s unless they already tolerate them.
   */
  static void addDefaultTolerations(ObjectNode spec) {
    for (String key : List.of(NOT_READY, UNREACHABLE)) {
      boolean tolerated = false;
      for (JsonNode t : Nodes.list(spec, "tolerations")) {
        String k = Nodes.text(t, "key");
        String effect = Nodes.text(t, "effect");
        if ((k.isEmpty() || k.equals(key)) && (effect.isEmpty() || effect.equals("NoExecute"))) tolerated = true;
      }
      if (tolerated) continue;
      JsonNode existing = spec.get("tolerations");
      com.fasterxml.jackson.databind.node.ArrayNode list = existing instanceof com.fasterxml.jackson.databind.node.ArrayNode a
          ? a : spec.putArray("tolerations");
      ObjectNode t = list.addObject();
      t.put("key", key);
      t.put("operator", "Exists");
      t.put("effect", "NoExecute");
      t.put("tolerationSeconds", DEFAULT_TOLERATION_SECONDS);
    }
  }

  private void defaults(ObjectNode pod) {
    ObjectNode spec = Nodes.objectOrCreate(pod, "spec");
    // SetDefaults_Pod: requests default to limits, per container.
    for (String list : List.of("initContainers", "containers")) {
      for (JsonNode c : Nodes.list(spec, list)) {
        ObjectNode resources = Nodes.object(c, "resources");
        ObjectNode limits = Nodes.object(resources, "limits");
        if (limits == null || limits.isEmpty()) continue;
        ObjectNode requests = Nodes.objectOrCreate(resources, "requests");
        limits.fields().forEachRemaining(e -> { if (!requests.has(e.getKey())) requests.set(e.getKey(), e.getValue()); });
      }
    }
    PodSpecs.applyDefaults(spec);
    if (!Nodes.has(spec, "enableServiceLinks")) spec.put("enableServiceLinks", true);
    // Admission (ServiceAccount, Priority), not defaulting, fills these upstream; v1 conversion
    // mirrors serviceAccountName into the deprecated serviceAccount field.
    if (Nodes.text(spec, "serviceAccountName").isEmpty()) {
      spec.put("serviceAccountName", Nodes.text(spec, "serviceAccount").isEmpty() ? "default" : Nodes.text(spec, "serviceAccount"));
    }
    spec.put("serviceAccount", Nodes.text(spec, "serviceAccountName"));
    if (!Nodes.has(spec, "priority")) spec.put("priority", 0);
    if (Nodes.text(spec, "preemptionPolicy").isEmpty()) spec.put("preemptionPolicy", "PreemptLowerPriority");
    ObjectNode status = Nodes.objectOrCreate(pod, "status");
    if (Nodes.text(status, "phase").isEmpty()) status.put("phase", "Pending");
    if (Nodes.text(status, "qosClass").isEmpty()) status.put("qosClass", qosClass(spec));
  }

  /** Defaults without the create-only admission (DefaultTolerationSeconds); the registry handles the status split. */
  @Override
  public void applyUpdateDefaults(ObjectNode pod, ObjectNode old) {
    defaults(pod);
  }

  /** Upstream's QoS: BestEffort without any request or limit, Guaranteed when every container has equal cpu and memory requests and limits. */
  static String qosClass(JsonNode spec) {
    boolean any = false;
    boolean guaranteed = true;
    for (String list : List.of("initContainers", "containers")) {
      for (JsonNode c : Nodes.list(spec, list)) {
        Map<String, String> requests = Nodes.stringMap(Nodes.object(c, "resources"), "requests");
        Map<String, String> limits = Nodes.stringMap(Nodes.object(c, "resources"), "limits");
        for (String r : List.of("cpu", "memory")) {
          if (requests.containsKey(r) || limits.containsKey(r)) any = true;
          if (!limits.containsKey(r) || (requests.containsKey(r) && !requests.get(r).equals(limits.get(r)))) guaranteed = false;
        }
      }
    }
    return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
  }

  @Override
  public List<FieldError> validateCreate(ObjectNode pod) {
    return new ArrayList<>(PodSpecs.validate(Nodes.object(pod, "spec"), Path.of("spec")));
  }

  @Override
  public List<FieldError> validateUpdate(ObjectNode pod, ObjectNode old) {
    List<FieldError> errs = validateCreate(pod);
    for (String list : List.of("containers", "initContainers")) {
      if (Nodes.list(Nodes.object(pod, "spec"), list).size() != Nodes.list(Nodes.object(old, "spec"), list).size()) {
        errs.add(Errors.forbidden(Path.of("spec", list), "pod updates may not add or remove containers"));
        return errs;
      }
    }
    ObjectNode munged = Nodes.object(pod, "spec") == null ? Nodes.objectOrCreate(pod.deepCopy(), "spec") : pod.get("spec").deepCopy();
    JsonNode oldSpec = Nodes.object(old, "spec");
    // Blank out what may change, then anything else that differs is forbidden.
    for (String list : List.of("containers", "initContainers")) {
      List<JsonNode> now = Nodes.list(munged, list);
      List<JsonNode> before = Nodes.list(oldSpec, list);
      for (int i = 0; i < now.size() && i < before.size(); i++) {
        if (now.get(i) instanceof ObjectNode c && before.get(i).has("image")) c.set("image", before.get(i).get("image"));
      }
    }
    for (String f : List.of("activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds", "schedulingGates")) {
      munged.remove(f);
    }
    ObjectNode oldCopy = oldSpec == null ? munged.objectNode() : oldSpec.deepCopy();
    for (String f : List.of("activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds", "schedulingGates")) oldCopy.remove(f);
    if (!munged.equals(oldCopy)) {
      errs.add(Errors.forbidden(Path.of("spec"), "pod updates may not change fields other than " + UPDATABLE_FIELDS + "\n"));
    }
    return errs;
  }
}
