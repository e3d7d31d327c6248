package dev.netkube.model.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.validation.Addresses;
import dev.netkube.model.validation.Errors;
import dev.netkube.model.validation.GoValues;
import dev.netkube.model.validation.Names;
import dev.netkube.model.validation.Nodes;
import dev.netkube.model.validation.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Namespaces and Nodes. */
public final class ClusterStrategies {
  private static final Set<String> STANDARD_FINALIZERS = Set.of("kubernetes", "orphan", "foregroundDeletion");
  private static final List<String> TAINT_EFFECTS = List.of("NoExecute", "NoSchedule", "PreferNoSchedule");

  private ClusterStrategies() {}

  /**
   * Namespaces: the kubernetes.io/metadata.name label (v1 defaults), and on create status Active
   * and the "kubernetes" finalizer (strategy). An update keeps the stored finalizers and status:
   * they change only through the finalize and status subresources.
   */
  public static final ResourceStrategy NAMESPACE = new ResourceStrategy() {
    @Override
    public void applyDefaults(ObjectNode ns) {
      nameLabel(ns);
      ObjectNode spec = Nodes.objectOrCreate(ns, "spec");
      List<String> finalizers = Nodes.strings(spec, "finalizers");
      if (!finalizers.contains("kubernetes")) {
        ArrayNode arr = spec.has("finalizers") && spec.get("finalizers").isArray() ? (ArrayNode) spec.get("finalizers") : spec.putArray("finalizers");
        arr.add("kubernetes");
      }
      ObjectNode status = ns.putObject("status");
      status.put("phase", "Active");
    }

    @Override
    public void applyUpdateDefaults(ObjectNode ns, ObjectNode old) {
      nameLabel(ns);
      ObjectNode spec = Nodes.objectOrCreate(ns, "spec");
      if (Nodes.has(Nodes.object(old, "spec"), "finalizers")) spec.set("finalizers", old.get("spec").get("finalizers").deepCopy());
      else spec.remove("finalizers");
      // The status: kept from the stored object on a main update by the registry, taken from the body on /status.
    }

    private void nameLabel(ObjectNode ns) {
      ObjectNode meta = Nodes.objectOrCreate(ns, "metadata");
      String name = Nodes.text(meta, "name");
      if (!name.isEmpty()) Nodes.objectOrCreate(meta, "labels").put("kubernetes.io/metadata.name", name);
    }

    @Override
    public List<FieldError> validateCreate(ObjectNode ns) {
      List<FieldError> errs = new ArrayList<>();
      Path p = Path.of("spec", "finalizers");
      for (String f : Nodes.strings(Nodes.object(ns, "spec"), "finalizers")) {
        Errors.invalidEach(errs, p, f, Names.qualifiedName(f));
        if (!f.contains("/") && !STANDARD_FINALIZERS.contains(f)) {
          errs.add(Errors.invalid(p, f, "name is neither a standard finalizer name nor is it fully qualified"));
        }
      }
      return errs;
    }
  };

  public static final ResourceStrategy NODE = new ResourceStrategy() {
    @Override
    public void applyDefaults(ObjectNode node) {
      ObjectNode status = Nodes.object(node, "status");
      if (status != null && Nodes.has(status, "capacity") && !Nodes.has(status, "allocatable")) {
        status.set("allocatable", status.get("capacity").deepCopy());
      }
    }

    @Override
    public List<FieldError> validateCreate(ObjectNode node) {
      List<FieldError> errs = new ArrayList<>();
      JsonNode spec = Nodes.object(node, "spec");
      // Upstream validates taints under the metadata path: keep its (odd) field names.
      List<JsonNode> taints = Nodes.list(spec, "taints");
      Path tp = Path.of("metadata", "taints");
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < taints.size(); i++) {
        JsonNode t = taints.get(i);
        Path p = tp.index(i);
        String key = Nodes.text(t, "key");
        Errors.invalidEach(errs, p.child("key"), key, Names.qualifiedName(key));
        String value = Nodes.text(t, "value");
        List<String> bad = Names.labelValue(value);
        if (!bad.isEmpty()) errs.add(Errors.invalid(p.child("value"), value, String.join(";", bad)));
        String effect = Nodes.text(t, "effect");
        if (effect.isEmpty()) errs.add(Errors.required(p.child("effect")));
        else if (!TAINT_EFFECTS.contains(effect)) errs.add(Errors.notSupported(p.child("effect"), effect, TAINT_EFFECTS));
        if (!seen.add(effect + "\u0000" + key)) {
          errs.add(new FieldError(FieldError.Type.DUPLICATE, p.text(), "core.Taint{Key:" + GoValues.quote(key) + ", Value:"
              + GoValues.quote(value) + ", Effect:" + GoValues.quote(effect) + ", TimeAdded:<nil>}",
              "taints must be unique by key and effect pair"));
        }
      }
      List<String> cidrs = Nodes.strings(spec, "podCIDRs");
      Path cp = Path.of("spec", "podCIDRs");
      for (int i = 0; i < cidrs.size(); i++) Errors.invalidEach(errs, cp.index(i), cidrs.get(i), Addresses.validCidr(cidrs.get(i)));
      if (cidrs.size() > 1) {
        boolean dual = cidrs.size() == 2 && Addresses.isIpv4(cidrs.get(0).split("/")[0]) != Addresses.isIpv4(cidrs.get(1).split("/")[0]);
        if (!dual) errs.add(Errors.invalidRaw(cp, GoValues.stringSlice(cidrs, false), "may specify no more than one CIDR for each IP family"));
      }
      return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode node, ObjectNode old) {
      List<FieldError> errs = new ArrayList<>(validateCreate(node));
      List<String> before = Nodes.strings(Nodes.object(old, "spec"), "podCIDRs");
      if (!before.isEmpty() && !before.equals(Nodes.strings(Nodes.object(node, "spec"), "podCIDRs"))) {
        errs.add(Errors.forbidden(Path.of("spec", "podCIDRs"), "node updates may not change podCIDR except from \"\" to valid"));
      }
      String providerID = Nodes.text(Nodes.object(old, "spec"), "providerID");
      if (!providerID.isEmpty() && !providerID.equals(Nodes.text(Nodes.object(node, "spec"), "providerID"))) {
        errs.add(Errors.forbidden(Path.of("spec", "providerID"), "node updates may not change providerID except from \"\" to valid"));
      }
      return errs;
    }
  };
}
