package dev.netkube.model.select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.api.ResourceType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The field labels each kind can be selected on, as kube-apiserver registers them (field label
 * conversion funcs of core/v1, apps/v1, batch/v1, events; metadata.name and metadata.namespace
 * for everything else), and each object's values for them.
 */
public final class FieldSelectors {
  private FieldSelectors() {}

  private static final List<String> META = List.of("metadata.name", "metadata.namespace");

  /** The labels a selector may name for this resource (pods also accept legacy "spec.host"). */
  public static List<String> supported(ResourceType type) {
    return switch (type.group() + "/" + type.kind()) {
      case "/Pod" -> List.of("metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy",
          "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP",
          "status.podIPs", "status.nominatedNodeName");
      case "/Event" -> List.of("metadata.name", "metadata.namespace", "involvedObject.kind",
          "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
          "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source",
          "type");
      case "events.k8s.io/Event" -> List.of("metadata.name", "metadata.namespace", "regarding.kind",
          "regarding.namespace", "regarding.name", "regarding.uid", "regarding.apiVersion",
          "regarding.resourceVersion", "regarding.fieldPath", "reason", "reportingController", "source", "type");
      case "/Namespace" -> List.of("metadata.name", "status.phase");
      case "/Node" -> List.of("metadata.name", "spec.unschedulable");
      case "/Secret" -> List.of("metadata.name", "metadata.namespace", "type");
      case "/Service" -> List.of("metadata.name", "metadata.namespace", "spec.clusterIP", "spec.type");
      case "apps/ReplicaSet" -> List.of("metadata.name", "metadata.namespace", "status.replicas");
      case "batch/Job" -> List.of("metadata.name", "metadata.namespace", "status.successful");
      default -> META;
    };
  }

  /** Whether the kind has its own conversion func (then the error is "field label not supported"). */
  private static boolean hasOwnConversion(ResourceType type) {
    return supported(type) != META;
  }

  /**
   * Checks every term's label and maps legacy aliases, as the apiserver's ConvertFieldLabel does.
   * @throws ApiException 400 BadRequest with upstream's message for an unknown label
   */
  public static FieldSelector validate(ResourceType type, FieldSelector selector) {
    List<String> ok = supported(type);
    return selector.mapFields(label -> {
      if ("/Pod".equals(type.group() + "/" + type.kind()) && label.equals("spec.host")) return "spec.nodeName";
      if (ok.contains(label)) return label;
      throw ApiException.badRequest(hasOwnConversion(type)
          ? "field label not supported: " + label
          : "\"" + label + "\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    });
  }

  /** The object's selectable fields (upstream's ToSelectableFields); absent labels read as "". */
  public static Map<String, String> fields(ResourceType type, ObjectNode o) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("metadata.name", Json.str(o, "metadata.name"));
    if (type.namespaced()) f.put("metadata.namespace", Json.str(o, "metadata.namespace"));
    switch (type.group() + "/" + type.kind()) {
      case "/Pod" -> {
        f.put("spec.nodeName", Json.str(o, "spec.nodeName"));
        f.put("spec.restartPolicy", Json.str(o, "spec.restartPolicy"));
        f.put("spec.schedulerName", Json.str(o, "spec.schedulerName"));
        f.put("spec.serviceAccountName", Json.str(o, "spec.serviceAccountName"));
        f.put("spec.hostNetwork", String.valueOf(bool(o, "spec.hostNetwork")));
        f.put("status.phase", Json.str(o, "status.phase"));
        JsonNode ips = Json.at(o, "status.podIPs");
        f.put("status.podIP", ips != null && ips.isArray() && ips.size() > 0
            ? ips.get(0).path("ip").asText("") : Json.str(o, "status.podIP"));
        f.put("status.nominatedNodeName", Json.str(o, "status.nominatedNodeName"));
      }
      case "/Event" -> {
        for (String k : List.of("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")) {
          f.put("involvedObject." + k, Json.str(o, "involvedObject." + k));
        }
        f.put("reason", Json.str(o, "reason"));
        f.put("reportingComponent", Json.str(o, "reportingComponent"));
        String source = Json.str(o, "source.component");
        f.put("source", source.isEmpty() ? Json.str(o, "reportingComponent") : source);
        f.put("type", Json.str(o, "type"));
      }
      case "events.k8s.io/Event" -> {
        for (String k : List.of("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")) {
          f.put("regarding." + k, Json.str(o, "regarding." + k));
        }
        f.put("reason", Json.str(o, "reason"));
        f.put("reportingController", Json.str(o, "reportingController"));
        String source = Json.str(o, "deprecatedSource.component");
        f.put("source", source.isEmpty() ? Json.str(o, "reportingController") : source);
        f.put("type", Json.str(o, "type"));
      }
      case "/Namespace" -> f.put("status.phase", Json.str(o, "status.phase"));
      case "/Node" -> f.put("spec.unschedulable", String.valueOf(bool(o, "spec.unschedulable")));
      case "/Secret" -> f.put("type", Json.str(o, "type"));
      case "/Service" -> {
        f.put("spec.clusterIP", Json.str(o, "spec.clusterIP"));
        f.put("spec.type", Json.str(o, "spec.type"));
      }
      case "apps/ReplicaSet" -> f.put("status.replicas", String.valueOf(Json.at(o, "status.replicas") == null
          ? 0 : Json.at(o, "status.replicas").asLong()));
      case "batch/Job" -> f.put("status.successful", String.valueOf(Json.at(o, "status.succeeded") == null
          ? 0 : Json.at(o, "status.succeeded").asLong()));
      default -> { }
    }
    return f;
  }

  private static boolean bool(JsonNode o, String path) {
    JsonNode n = Json.at(o, path);
    return n != null && n.asBoolean(false);
  }
}
