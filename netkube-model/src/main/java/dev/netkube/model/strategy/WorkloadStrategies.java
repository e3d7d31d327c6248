package dev.netkube.model.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.validation.Errors;
import dev.netkube.model.validation.GoValues;
import dev.netkube.model.validation.Messages;
import dev.netkube.model.validation.Names;
import dev.netkube.model.validation.Nodes;
import dev.netkube.model.validation.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** apps/v1 Deployment, ReplicaSet, DaemonSet and StatefulSet: SetDefaults_* and apps validation. */
public final class WorkloadStrategies {
  private static final Path SPEC = Path.of("spec");

  private WorkloadStrategies() {}

  public static final ResourceStrategy DEPLOYMENT = new Workload("deployment", null) {
    @Override
    void defaults(ObjectNode spec) {
      if (!Nodes.has(spec, "replicas")) spec.put("replicas", 1);
      ObjectNode strategy = Nodes.objectOrCreate(spec, "strategy");
      if (Nodes.text(strategy, "type").isEmpty()) strategy.put("type", "RollingUpdate");
      if (Nodes.text(strategy, "type").equals("RollingUpdate")) {
        ObjectNode ru = Nodes.objectOrCreate(strategy, "rollingUpdate");
        if (!Nodes.has(ru, "maxUnavailable")) ru.put("maxUnavailable", "25%");
        if (!Nodes.has(ru, "maxSurge")) ru.put("maxSurge", "25%");
      }
      if (!Nodes.has(spec, "revisionHistoryLimit")) spec.put("revisionHistoryLimit", 10);
      if (!Nodes.has(spec, "progressDeadlineSeconds")) spec.put("progressDeadlineSeconds", 600);
    }

    @Override
    void validateSpec(JsonNode spec, List<FieldError> errs) {
      JsonNode strategy = Nodes.object(spec, "strategy");
      Path sp = SPEC.child("strategy");
      String type = Nodes.text(strategy, "type");
      JsonNode ru = Nodes.object(strategy, "rollingUpdate");
      if (type.equals("Recreate")) {
        if (ru != null) errs.add(Errors.forbidden(sp.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"));
      } else if (type.equals("RollingUpdate")) {
        if (ru == null) {
          errs.add(Errors.required(sp.child("rollingUpdate"), "this should be defaulted and never be nil"));
        } else {
          rollingUpdate(ru, sp.child("rollingUpdate"), errs);
        }
      } else {
        errs.add(Errors.notSupported(sp.child("type"), type, List.of("Recreate", "RollingUpdate")));
      }
      Errors.nonNegative(errs, SPEC.child("revisionHistoryLimit"), spec, "revisionHistoryLimit");
      if (Nodes.has(spec, "progressDeadlineSeconds")) {
        long pds = Nodes.integer(spec, "progressDeadlineSeconds", 0);
        Errors.nonNegative(errs, SPEC.child("progressDeadlineSeconds"), spec, "progressDeadlineSeconds");
        if (pds <= Nodes.integer(spec, "minReadySeconds", 0)) {
          errs.add(Errors.invalid(SPEC.child("progressDeadlineSeconds"), pds, "must be greater than minReadySeconds"));
        }
      }
    }
  };

  public static final ResourceStrategy REPLICA_SET = new Workload("deployment", "ReplicaSet") {
    @Override
    void defaults(ObjectNode spec) {
      if (!Nodes.has(spec, "replicas")) spec.put("replicas", 1);
    }
  };

  public static final ResourceStrategy DAEMON_SET = new Workload("daemonset", null) {
    @Override
    void defaults(ObjectNode spec) {
      ObjectNode strategy = Nodes.objectOrCreate(spec, "updateStrategy");
      if (Nodes.text(strategy, "type").isEmpty()) strategy.put("type", "RollingUpdate");
      if (Nodes.text(strategy, "type").equals("RollingUpdate")) {
        ObjectNode ru = Nodes.objectOrCreate(strategy, "rollingUpdate");
        if (!Nodes.has(ru, "maxUnavailable")) ru.put("maxUnavailable", 1);
        if (!Nodes.has(ru, "maxSurge")) ru.put("maxSurge", 0);
      }
      if (!Nodes.has(spec, "revisionHistoryLimit")) spec.put("revisionHistoryLimit", 10);
    }

    @Override
    void validateSpec(JsonNode spec, List<FieldError> errs) {
      JsonNode strategy = Nodes.object(spec, "updateStrategy");
      String type = Nodes.text(strategy, "type");
      if (!List.of("OnDelete", "RollingUpdate").contains(type)) {
        errs.add(Errors.notSupported(SPEC.child("updateStrategy").child("type"), type, List.of("OnDelete", "RollingUpdate")));
      }
      Errors.nonNegative(errs, SPEC.child("revisionHistoryLimit"), spec, "revisionHistoryLimit");
    }

    @Override
    boolean hasReplicas() { return false; }
  };

  public static final ResourceStrategy STATEFUL_SET = new Workload("statefulset", null) {
    @Override
    void defaults(ObjectNode spec) {
      if (Nodes.text(spec, "podManagementPolicy").isEmpty()) spec.put("podManagementPolicy", "OrderedReady");
      ObjectNode strategy = Nodes.objectOrCreate(spec, "updateStrategy");
      if (Nodes.text(strategy, "type").isEmpty()) strategy.put("type", "RollingUpdate");
      if (Nodes.text(strategy, "type").equals("RollingUpdate")) {
        ObjectNode ru = Nodes.objectOrCreate(strategy, "rollingUpdate");
        if (!Nodes.has(ru, "partition")) ru.put("partition", 0);
      }
      ObjectNode retention = Nodes.objectOrCreate(spec, "persistentVolumeClaimRetentionPolicy");
      if (Nodes.text(retention, "whenDeleted").isEmpty()) retention.put("whenDeleted", "Retain");
      if (Nodes.text(retention, "whenScaled").isEmpty()) retention.put("whenScaled", "Retain");
      if (!Nodes.has(spec, "replicas")) spec.put("replicas", 1);
      if (!Nodes.has(spec, "revisionHistoryLimit")) spec.put("revisionHistoryLimit", 10);
      for (JsonNode pvc : Nodes.list(spec, "volumeClaimTemplates")) {
        ObjectNode pvcSpec = Nodes.object(pvc, "spec");
        if (pvcSpec != null && Nodes.text(pvcSpec, "volumeMode").isEmpty()) pvcSpec.put("volumeMode", "Filesystem");
      }
    }

    @Override
    void validateSpec(JsonNode spec, List<FieldError> errs) {
      String policy = Nodes.text(spec, "podManagementPolicy");
      if (!List.of("OrderedReady", "Parallel").contains(policy)) {
        errs.add(Errors.invalid(SPEC.child("podManagementPolicy"), policy,
            "must be 'OrderedReady' or 'Parallel'"));
      }
      String type = Nodes.text(Nodes.object(spec, "updateStrategy"), "type");
      if (!List.of("OnDelete", "RollingUpdate").contains(type)) {
        errs.add(Errors.invalid(SPEC.child("updateStrategy"), type,
            "must be 'RollingUpdate' or 'OnDelete'"));
      }
      String serviceName = Nodes.text(spec, "serviceName");
      if (!serviceName.isEmpty()) {
        Errors.invalidEach(errs, SPEC.child("serviceName"), serviceName, Names.dns1123Label(serviceName));
      }
    }

    @Override
    boolean selectorImmutable() { return false; }

    @Override
    List<FieldError> validateSpecUpdate(JsonNode spec, JsonNode oldSpec) {
      ObjectNode a = spec == null ? dev.netkube.model.Json.object() : (ObjectNode) spec.deepCopy();
      ObjectNode b = oldSpec == null ? a.objectNode() : (ObjectNode) oldSpec.deepCopy();
      for (String f : List.of("replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy",
          "minReadySeconds")) {
        a.remove(f);
        b.remove(f);
      }
      List<FieldError> errs = new ArrayList<>();
      if (!a.equals(b)) {
        errs.add(Errors.forbidden(SPEC, "updates to statefulset spec for fields other than 'replicas', 'ordinals', "
            + "'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
      }
      return errs;
    }
  };

  static void rollingUpdate(JsonNode ru, Path path, List<FieldError> errs) {
    JsonNode maxUnavailable = ru.get("maxUnavailable");
    JsonNode maxSurge = ru.get("maxSurge");
    intOrPercent(maxUnavailable, path.child("maxUnavailable"), errs);
    intOrPercent(maxSurge, path.child("maxSurge"), errs);
    if (isZero(maxUnavailable) && isZero(maxSurge)) {
      errs.add(Errors.invalidRaw(path.child("maxUnavailable"), intOrString(maxUnavailable), "may not be 0 when `maxSurge` is 0"));
    }
    if (percentOver100(maxUnavailable)) {
      errs.add(Errors.invalidRaw(path.child("maxUnavailable"), intOrString(maxUnavailable), "must not be greater than 100%"));
    }
  }

  /** ValidatePositiveIntOrPercent. */
  static void intOrPercent(JsonNode v, Path path, List<FieldError> errs) {
    if (v == null || v.isNull()) return;
    if (v.isTextual()) {
      for (String m : Names.percent(v.asText())) errs.add(Errors.invalidRaw(path, intOrString(v), m));
    } else if (v.asLong() < 0) {
      errs.add(Errors.invalid(path, v.asLong(), Messages.IS_NEGATIVE));
    }
  }

  static boolean isZero(JsonNode v) {
    if (v == null || v.isNull()) return true;
    return v.isTextual() ? v.asText().equals("0%") || v.asText().equals("0") : v.asLong() == 0;
  }

  static boolean percentOver100(JsonNode v) {
    if (v == null || !v.isTextual() || !v.asText().endsWith("%")) return false;
    try {
      return Integer.parseInt(v.asText().substring(0, v.asText().length() - 1)) > 100;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** intstr.IntOrString as "%#v" prints it (its String() has a pointer receiver, so it is not used). */
  static String intOrString(JsonNode v) {
    if (v == null || v.isNull()) return "intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}";
    return v.isTextual() ? "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + GoValues.quote(v.asText()) + "}"
        : "intstr.IntOrString{Type:0, IntVal:" + v.asLong() + ", StrVal:\"\"}";
  }

  /** The part every apps/v1 workload shares: replicas, selector, template, immutable selector. */
  abstract static class Workload implements ResourceStrategy {
    private final String selectorWhat;
    private final String activeDeadlineKind;

    Workload(String selectorWhat, String activeDeadlineKind) {
      this.selectorWhat = selectorWhat;
      this.activeDeadlineKind = activeDeadlineKind;
    }

    abstract void defaults(ObjectNode spec);

    void validateSpec(JsonNode spec, List<FieldError> errs) {}

    List<FieldError> validateSpecUpdate(JsonNode spec, JsonNode oldSpec) { return List.of(); }

    boolean hasReplicas() { return true; }

    /** The registry's apps/v1 selector immutability; StatefulSets cover it with their spec rule. */
    boolean selectorImmutable() { return true; }

    @Override
    public void applyDefaults(ObjectNode object) {
      ObjectNode spec = Nodes.objectOrCreate(object, "spec");
      defaults(spec);
      PodTemplates.applyDefaults(Nodes.objectOrCreate(spec, "template"));
    }

    @Override
    public List<FieldError> validateCreate(ObjectNode object) {
      JsonNode spec = Nodes.object(object, "spec");
      List<FieldError> errs = new ArrayList<>();
      if (hasReplicas()) Errors.nonNegative(errs, SPEC.child("replicas"), spec, "replicas");
      errs.addAll(PodTemplates.validateWorkload(spec, SPEC, activeDeadlineKind, selectorWhat));
      Errors.nonNegative(errs, SPEC.child("minReadySeconds"), spec, "minReadySeconds");
      validateSpec(spec, errs);
      return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode object, ObjectNode old) {
      JsonNode spec = Nodes.object(object, "spec");
      JsonNode oldSpec = Nodes.object(old, "spec");
      List<FieldError> errs = new ArrayList<>(validateCreate(object));
      JsonNode selector = Nodes.object(spec, "selector");
      if (selectorImmutable() && !Objects.equals(selector, Nodes.object(oldSpec, "selector"))) {
        errs.add(Errors.invalidRaw(SPEC.child("selector"), selector == null ? "null" : GoValues.labelSelector(selector),
            Messages.FIELD_IMMUTABLE));
      }
      errs.addAll(validateSpecUpdate(spec, oldSpec));
      return errs;
    }
  }
}
