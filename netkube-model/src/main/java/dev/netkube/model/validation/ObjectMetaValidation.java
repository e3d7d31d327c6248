package dev.netkube.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.BuiltinResources;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.api.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * metadata validation as kube-apiserver runs it for every built-in kind (apimachinery
 * ValidateObjectMeta / ValidateObjectMetaUpdate plus core's finalizer-name rule).
 */
public final class ObjectMetaValidation {
  private static final Path META = Path.of("metadata");
  private static final Set<String> STANDARD_FINALIZERS = Set.of("kubernetes", "orphan", "foregroundDeletion");

  private ObjectMetaValidation() {}

  /**
   * Errors in {@code obj.metadata}; {@code oldOrNull} is the stored object on update. On update
   * upstream does not re-check the name format (it cannot change), only immutability.
   */
  public static List<FieldError> validate(ResourceType type, ObjectNode obj, ObjectNode oldOrNull) {
    JsonNode meta = Nodes.object(obj, "metadata");
    List<FieldError> errs = new ArrayList<>();
    if (oldOrNull == null) {
      NameRule rule = NameRule.forType(type);
      String generateName = Nodes.text(meta, "generateName");
      if (!generateName.isEmpty()) {
        Errors.invalidEach(errs, META.child("generateName"), generateName, rule.check(generateName, true));
      }
      String name = Nodes.text(meta, "name");
      if (name.isEmpty()) {
        errs.add(Errors.required(META.child("name"), "name or generateName is required"));
      } else {
        Errors.invalidEach(errs, META.child("name"), name, rule.check(name, false));
      }
      errs.addAll(common(type.namespaced(), meta));
      validateFinalizers(meta, errs);
      if (coreFinalizerRule(type)) standardFinalizerNames(meta, errs);
    } else {
      errs.addAll(update(meta, Nodes.object(oldOrNull, "metadata")));
      if (coreFinalizerRule(type)) standardFinalizerNames(meta, errs);
    }
    return errs;
  }

  private static List<FieldError> common(boolean namespaced, JsonNode meta) {
    List<FieldError> errs = new ArrayList<>();
    String ns = Nodes.text(meta, "namespace");
    if (namespaced) {
      if (ns.isEmpty()) errs.add(Errors.required(META.child("namespace")));
      else Errors.invalidEach(errs, META.child("namespace"), ns, Names.dns1123Label(ns));
    } else if (!ns.isEmpty()) {
      errs.add(Errors.forbidden(META.child("namespace"), "not allowed on this type"));
    }
    Errors.nonNegative(errs, META.child("generation"), meta, "generation");
    errs.addAll(Labels.validateLabels(Nodes.stringMap(meta, "labels"), META.child("labels")));
    errs.addAll(Labels.validateAnnotations(Nodes.stringMap(meta, "annotations"), META.child("annotations")));
    errs.addAll(ownerReferences(meta));
    return errs;
  }

  private static void validateFinalizers(JsonNode meta, List<FieldError> errs) {
    List<String> finalizers = Nodes.strings(meta, "finalizers");
    Path path = META.child("finalizers");
    for (String f : finalizers) Errors.invalidEach(errs, path, f, Names.qualifiedName(f));
    if (finalizers.contains("orphan") && finalizers.contains("foregroundDeletion")) {
      errs.add(Errors.invalidRaw(path, GoValues.stringSlice(finalizers, false),
          "finalizer orphan and foregroundDeletion cannot be both set"));
    }
  }

  /**
   * kube-apiserver's own kinds also require a finalizer without a "/" to be a standard one (core
   * validation's ValidateFinalizerName). apiextensions-apiserver, which serves CRDs and custom
   * resources, checks only that it is a qualified name (apimachinery's ValidateObjectMeta), so
   * its own "customresourcecleanup.apiextensions.k8s.io" passes there.
   */
  private static boolean coreFinalizerRule(ResourceType type) {
    return !type.group().equals("apiextensions.k8s.io") && BuiltinResources.all().contains(type);
  }

  private static void standardFinalizerNames(JsonNode meta, List<FieldError> errs) {
    List<String> finalizers = Nodes.strings(meta, "finalizers");
    for (int i = 0; i < finalizers.size(); i++) {
      String f = finalizers.get(i);
      if (!f.contains("/") && !STANDARD_FINALIZERS.contains(f)) {
        errs.add(Errors.invalid(META.child("finalizers").index(i), f,
            "name is neither a standard finalizer name nor is it fully qualified"));
      }
    }
  }

  private static List<FieldError> ownerReferences(JsonNode meta) {
    List<FieldError> errs = new ArrayList<>();
    Path path = META.child("ownerReferences");
    String firstController = "";
    for (JsonNode ref : Nodes.list(meta, "ownerReferences")) {
      String apiVersion = Nodes.text(ref, "apiVersion");
      String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
      if (version.isEmpty()) errs.add(Errors.invalid(path.child("apiVersion"), apiVersion, "version must not be empty"));
      if (Nodes.text(ref, "kind").isEmpty()) errs.add(Errors.invalid(path.child("kind"), "", "must not be empty"));
      if (Nodes.text(ref, "name").isEmpty()) errs.add(Errors.invalid(path.child("name"), "", "must not be empty"));
      if (Nodes.text(ref, "uid").isEmpty()) errs.add(Errors.invalid(path.child("uid"), "", "must not be empty"));
      if (apiVersion.equals("v1") && Nodes.text(ref, "kind").equals("Event")) {
        errs.add(Errors.invalidRaw(path, ownerReferenceText(ref), "/v1, Kind=Event is disallowed from being an owner"));
      }
      JsonNode controller = ref.get("controller");
      if (controller != null && controller.asBoolean(false)) {
        String current = Nodes.text(ref, "kind") + "/" + Nodes.text(ref, "name");
        if (!firstController.isEmpty()) {
          errs.add(Errors.invalidRaw(path, "[]v1.OwnerReference{...}",
              "Only one reference can have Controller set to true. Found \"true\" in references for "
                  + firstController + " and " + current));
        } else {
          firstController = current;
        }
      }
    }
    return errs;
  }

  private static String ownerReferenceText(JsonNode ref) {
    return "v1.OwnerReference{APIVersion:" + GoValues.quote(Nodes.text(ref, "apiVersion")) + ", Kind:"
        + GoValues.quote(Nodes.text(ref, "kind")) + ", Name:" + GoValues.quote(Nodes.text(ref, "name")) + ", UID:"
        + GoValues.quote(Nodes.text(ref, "uid")) + "}";
  }

  private static List<FieldError> update(JsonNode meta, JsonNode old) {
    List<FieldError> errs = new ArrayList<>();
    if (Nodes.has(old, "deletionTimestamp")) {
      List<String> added = new ArrayList<>(new java.util.TreeSet<>(Nodes.strings(meta, "finalizers")));
      added.removeAll(Nodes.strings(old, "finalizers"));
      if (!added.isEmpty()) {
        errs.add(Errors.forbidden(META.child("finalizers"),
            "no new finalizers can be added if the object is being deleted, found new finalizers "
                + GoValues.stringSlice(added, false)));
      }
    }
    String rv = Nodes.text(meta, "resourceVersion");
    if (rv.isEmpty()) errs.add(Errors.invalid(META.child("resourceVersion"), "", "must be specified for an update"));
    long generation = Nodes.integer(meta, "generation", 0);
    if (generation < Nodes.integer(old, "generation", 0)) {
      errs.add(Errors.invalid(META.child("generation"), generation, "must not be decremented"));
    }
    immutableText(errs, meta, old, "name");
    immutableText(errs, meta, old, "namespace");
    immutableText(errs, meta, old, "uid");
    String created = Nodes.text(meta, "creationTimestamp");
    if (!sameInstant(created, Nodes.text(old, "creationTimestamp"))) {
      errs.add(Errors.invalidRaw(META.child("creationTimestamp"), GoValues.time(created), Messages.FIELD_IMMUTABLE));
    }
    String deleted = Nodes.text(meta, "deletionTimestamp");
    if (!sameInstant(deleted, Nodes.text(old, "deletionTimestamp"))) {
      errs.add(Errors.invalidRaw(META.child("deletionTimestamp"), deleted.isEmpty() ? "null" : GoValues.time(deleted),
          Messages.FIELD_IMMUTABLE));
    }
    JsonNode grace = meta == null ? null : meta.get("deletionGracePeriodSeconds");
    JsonNode oldGrace = old == null ? null : old.get("deletionGracePeriodSeconds");
    if (!Objects.equals(grace == null || grace.isNull() ? null : grace.asLong(),
        oldGrace == null || oldGrace.isNull() ? null : oldGrace.asLong())) {
      errs.add(Errors.invalidRaw(META.child("deletionGracePeriodSeconds"),
          grace == null || grace.isNull() ? "null" : grace.asText(), Messages.FIELD_IMMUTABLE));
    }
    errs.addAll(Labels.validateLabels(Nodes.stringMap(meta, "labels"), META.child("labels")));
    errs.addAll(Labels.validateAnnotations(Nodes.stringMap(meta, "annotations"), META.child("annotations")));
    errs.addAll(ownerReferences(meta));
    return errs;
  }

  private static void immutableText(List<FieldError> errs, JsonNode meta, JsonNode old, String field) {
    String now = Nodes.text(meta, field);
    if (!now.equals(Nodes.text(old, field))) errs.add(Errors.invalid(META.child(field), now, Messages.FIELD_IMMUTABLE));
  }

  /** Timestamps compare as instants at second precision, as metav1.Time's semantic equality does. */
  private static boolean sameInstant(String a, String b) {
    if (a.equals(b)) return true;
    if (a.isEmpty() || b.isEmpty()) return false;
    try {
      return java.time.OffsetDateTime.parse(a).toEpochSecond() == java.time.OffsetDateTime.parse(b).toEpochSecond();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
