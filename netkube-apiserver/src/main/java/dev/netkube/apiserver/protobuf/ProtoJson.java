package dev.netkube.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a decoded Kubernetes proto message into the JSON Kubernetes' JSON encoding gives the same Go object, by
 * walking descriptors: proto field names are the JSON names (go-to-protobuf takes them from the json tags).
 */
final class ProtoJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";

  /**
   * Go's protobuf marshaller writes every non-pointer field, zero or not, so presence cannot tell a Go zero value
   * (which the JSON encoding omits) from an explicitly set pointer. Zero numbers and false are therefore dropped,
   * except for these pointer (or required) fields whose zero value means something other than "unset".
   */
  private static final Set<String> ZERO_IS_MEANINGFUL = Set.of(
      "replicas", "revisionHistoryLimit", "value", "gracePeriodSeconds", "terminationGracePeriodSeconds",
      "activeDeadlineSeconds", "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes", "parallelism",
      "completions", "successfulJobsHistoryLimit", "failedJobsHistoryLimit", "startingDeadlineSeconds",
      "ttlSecondsAfterFinished", "expirationSeconds", "progressDeadlineSeconds", "automountServiceAccountToken",
      "immutable", "suspend", "readOnlyRootFilesystem", "runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup",
      "privileged", "allowPrivilegeEscalation", "enableServiceLinks", "shareProcessNamespace", "hostUsers",
      "setHostnameAsFQDN", "optional", "orphanDependents", "allowVolumeExpansion", "allocateLoadBalancerNodePorts",
      "defaultMode", "mode", "priority");

  /**
   * The few proto names go-to-protobuf took from a protobuf tag that differs from the json tag (checked against
   * client-java-api's serialized names): webhook configurations' Webhooks, CEL Expression/Name, uID, aPIGroup.
   */
  private static final Map<String, String> JSON_NAMES = Map.of(
      "Webhooks", "webhooks", "Expression", "expression", "Name", "name", "uID", "uid", "aPIGroup", "apiGroup");

  private ProtoJson() {}

  private static String jsonName(FieldDescriptor field) {
    return JSON_NAMES.getOrDefault(field.getName(), field.getName());
  }

  static ObjectNode toJson(Message message) {
    ObjectNode out = NODES.objectNode();
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      if (field.isRepeated()) {
        if (message.getRepeatedFieldCount(field) == 0) continue; // proto cannot tell nil from empty: omitempty
        out.set(jsonName(field), field.isMapField() ? mapValue(message, field) : arrayValue(message, field));
      } else if (message.hasField(field)) {
        Object value = message.getField(field);
        if (isInlined(field)) {
          out.setAll(toJson((Message) value));
        } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          out.set(jsonName(field), messageValue((Message) value));
        } else if (!isGoZero(value) || zeroIsMeaningful(field, value)) {
          out.set(jsonName(field), scalarValue(field, value));
        }
      }
    }
    return out;
  }

  /** Status structs hold plain counters (status.replicas is no pointer), so the exception list skips them. */
  private static boolean zeroIsMeaningful(FieldDescriptor field, Object value) {
    return !(value instanceof String) && ZERO_IS_MEANINGFUL.contains(field.getName())
        && !field.getContainingType().getName().endsWith("Status");
  }

  /**
   * Go structs embedded with json:",inline" become a named proto field (go-to-protobuf names it after the type, or
   * by its protobuf tag); JSON flattens them into the parent. Field name and message name must both match.
   */
  private static final Map<String, String> INLINED = Map.of(
      "ephemeralContainerCommon", "EphemeralContainerCommon",
      "localObjectReference", "LocalObjectReference",
      "volumeSource", "VolumeSource",
      "persistentVolumeSource", "PersistentVolumeSource",
      "handler", "ProbeHandler",
      "ingressRuleValue", "IngressRuleValue",
      "rule", "Rule",
      "ruleWithOperations", "RuleWithOperations");

  private static boolean isInlined(FieldDescriptor field) {
    return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && field.getMessageType().getName().equals(INLINED.get(field.getName()));
  }

  private static boolean isGoZero(Object value) {
    if (value instanceof String s) return s.isEmpty();
    if (value instanceof Boolean b) return !b;
    if (value instanceof Number n) return n.doubleValue() == 0;
    if (value instanceof ByteString b) return b.isEmpty();
    return false;
  }

  private static ArrayNode arrayValue(Message message, FieldDescriptor field) {
    ArrayNode array = NODES.arrayNode();
    for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
      Object item = message.getRepeatedField(field, i);
      array.add(field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          ? messageValue((Message) item) : scalarValue(field, item));
    }
    return array;
  }

  private static ObjectNode mapValue(Message message, FieldDescriptor field) {
    ObjectNode map = NODES.objectNode();
    FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
    FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
    for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
      Message entry = (Message) message.getRepeatedField(field, i);
      String key = String.valueOf(entry.getField(keyField));
      Object value = entry.getField(valueField);
      map.set(key, valueField.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          ? messageValue((Message) value) : scalarValue(valueField, value));
    }
    return map;
  }

  private static JsonNode scalarValue(FieldDescriptor field, Object value) {
    if (value instanceof String s) return NODES.textNode(s);
    if (value instanceof Boolean b) return NODES.booleanNode(b);
    if (value instanceof Integer i) {
      return field.getType() == FieldDescriptor.Type.UINT32 ? NODES.numberNode(Integer.toUnsignedLong(i))
          : NODES.numberNode(i);
    }
    // Small int64s as int nodes, as Json.parse reads the same number, so trees compare equal.
    if (value instanceof Long l) return l == l.intValue() ? NODES.numberNode(l.intValue()) : NODES.numberNode(l);
    if (value instanceof Double d) return NODES.numberNode(d);
    if (value instanceof Float f) return NODES.numberNode(f);
    if (value instanceof ByteString b) return NODES.textNode(Base64.getEncoder().encodeToString(b.toByteArray()));
    return NODES.textNode(String.valueOf(value));
  }

  /** Kubernetes' own JSON forms for its special types; every other message becomes an object. */
  private static JsonNode messageValue(Message m) {
    Descriptor type = m.getDescriptorForType();
    return switch (type.getFullName()) {
      case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> intOrString(m);
      case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> NODES.textNode(stringField(m, "string"));
      case META + "Time" -> time(m, false);
      case META + "MicroTime" -> time(m, true);
      case META + "Duration" -> NODES.textNode(GoDuration.format(longField(m, "duration")));
      case "k8s.io.apimachinery.pkg.runtime.RawExtension", META + "FieldsV1" -> embeddedJson(m);
      default -> {
        if (type.getName().equals("JSON") && type.getFullName().startsWith("k8s.io.apiextensions_apiserver.")) {
          yield embeddedJson(m);
        }
        if (isStringListWrapper(type)) yield arrayValue(m, type.getFields().get(0));
        yield toJson(m);
      }
    };
  }

  /** Named Go slices (meta Verbs, authentication ExtraValue) are proto messages with one "items" field. */
  private static boolean isStringListWrapper(Descriptor type) {
    List<FieldDescriptor> fields = type.getFields();
    return fields.size() == 1 && fields.get(0).getName().equals("items") && fields.get(0).isRepeated()
        && fields.get(0).getJavaType() != FieldDescriptor.JavaType.MESSAGE;
  }

  private static JsonNode intOrString(Message m) {
    long kind = longField(m, "type");
    if (kind == 1) return NODES.textNode(stringField(m, "strVal"));
    FieldDescriptor intVal = m.getDescriptorForType().findFieldByName("intVal");
    return NODES.numberNode(((Number) m.getField(intVal)).intValue());
  }

  /** metav1.Time: RFC 3339 in UTC to the second; MicroTime: with 6 fraction digits; the zero time is null. */
  private static JsonNode time(Message m, boolean micro) {
    long seconds = longField(m, "seconds");
    long nanos = longField(m, "nanos");
    if (seconds == 0 && nanos == 0) return NODES.nullNode();
    String base = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
        .format(java.time.LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC));
    return NODES.textNode(micro ? base + String.format(".%06dZ", nanos / 1000) : base + "Z");
  }

  /** RawExtension, FieldsV1 and apiextensions JSON carry JSON bytes (a nested protobuf object is decoded too). */
  private static JsonNode embeddedJson(Message m) {
    FieldDescriptor raw = m.getDescriptorForType().getFields().stream()
        .filter(f -> f.getType() == FieldDescriptor.Type.BYTES).findFirst().orElseThrow();
    byte[] bytes = ((ByteString) m.getField(raw)).toByteArray();
    if (bytes.length == 0) return NODES.nullNode();
    if (bytes.length > 4 && bytes[0] == 'k' && bytes[1] == '8' && bytes[2] == 's' && bytes[3] == 0) {
      return ProtobufBodies.decode(bytes);
    }
    try {
      return Json.parse(bytes);
    } catch (IOException e) {
      throw ApiException.badRequest("unable to decode embedded JSON in " + m.getDescriptorForType().getName()
          + ": " + e.getMessage());
    }
  }

  private static String stringField(Message m, String name) {
    return String.valueOf(m.getField(m.getDescriptorForType().findFieldByName(name)));
  }

  private static long longField(Message m, String name) {
    return ((Number) m.getField(m.getDescriptorForType().findFieldByName(name))).longValue();
  }
}
