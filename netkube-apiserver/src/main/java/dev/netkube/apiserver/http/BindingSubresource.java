package dev.netkube.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.registry.Meta;
import dev.netkube.apiserver.registry.ResourceService;
import dev.netkube.apiserver.registry.ServedResource;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.api.FieldError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * pods/binding (v1 Binding), the scheduler's write: sets spec.nodeName of an unbound pod, merges
 * the binding's annotations and sets the PodScheduled condition True, as upstream's BindingREST.
 * A bound, deleting or gated pod gives 409 Conflict with upstream's words.
 */
final class BindingSubresource {
  private final ResourceService service;
  private final Clock clock;

  BindingSubresource(ResourceService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  ObjectNode create(ServedResource r, String ns, String name, ObjectNode binding) {
    if (!"Binding".equals(Json.str(binding, "kind")) && !Json.str(binding, "kind").isEmpty()) {
      throw ApiException.badRequest("not a Binding object: " + Json.str(binding, "kind"));
    }
    if (!Json.str(binding, "metadata.name").equals(name)) {
      throw ApiException.badRequest("name in URL does not match name in Binding object");
    }
    String node = Json.str(binding, "target.name");
    String kind = Json.str(binding, "target.kind");
    List<FieldError> errs = new ArrayList<>();
    if (node.isEmpty()) errs.add(FieldError.required("target.name", ""));
    if (!kind.isEmpty() && !kind.equals("Node")) errs.add(FieldError.notSupported("target.kind", kind, List.of("Node", "<empty>")));
    if (!errs.isEmpty()) throw ApiException.invalid("", "Binding", name, errs);
    String uid = Json.str(binding, "metadata.uid");
    JsonNode annotations = binding.path("metadata").path("annotations");
    service.guaranteedUpdate(r, ns, name, pod -> {
      String podName = Meta.name(pod);
      if (!uid.isEmpty() && !uid.equals(Json.str(pod, "metadata.uid"))) {
        throw ApiException.conflict("", "pods", podName, "Precondition failed: UID in precondition: " + uid
            + ", UID in object meta: " + Json.str(pod, "metadata.uid"));
      }
      if (Meta.deleting(pod)) throw conflict(podName, "pod " + podName + " is being deleted, cannot be assigned to a host");
      String current = Json.str(pod, "spec.nodeName");
      if (!current.isEmpty()) {
        throw conflict(podName, "pod " + podName + " is already assigned to node \"" + current + "\"");
      }
      if (pod.path("spec").path("schedulingGates").size() > 0) {
        throw conflict(podName, "pod " + podName + " has non-empty .spec.schedulingGates");
      }
      Json.objectAt(pod, "spec").put("nodeName", node);
      if (annotations.isObject() && annotations.size() > 0) {
        ObjectNode target = Json.objectAt(Meta.meta(pod), "annotations");
        annotations.fields().forEachRemaining(e -> target.set(e.getKey(), e.getValue()));
      }
      setScheduled(Json.objectAt(pod, "status"));
      return pod;
    });
    ObjectNode status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success");
    status.put("code", 201);
    return status;
  }

  /** podutil.UpdatePodCondition: PodScheduled True, its transition time moved only when the status changes. */
  private void setScheduled(ObjectNode status) {
    ArrayNode conditions = status.has("conditions") && status.get("conditions").isArray()
        ? (ArrayNode) status.get("conditions") : status.putArray("conditions");
    for (JsonNode c : conditions) {
      if ("PodScheduled".equals(c.path("type").asText()) && c instanceof ObjectNode o) {
        if (!"True".equals(o.path("status").asText())) {
          o.put("status", "True");
          o.put("lastTransitionTime", Meta.timestamp(clock.instant()));
          o.remove("reason");
          o.remove("message");
        }
        return;
      }
    }
    ObjectNode c = conditions.addObject();
    c.put("type", "PodScheduled");
    c.put("status", "True");
    c.putNull("lastProbeTime");
    c.put("lastTransitionTime", Meta.timestamp(clock.instant()));
  }

  private static ApiException conflict(String name, String why) {
    return ApiException.conflict("", "pods/binding", name, why);
  }
}
