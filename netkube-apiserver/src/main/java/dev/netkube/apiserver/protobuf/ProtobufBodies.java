package dev.netkube.apiserver.protobuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.netkube.model.api.ApiException;

/**
 * Request bodies in Kubernetes' protobuf encoding (application/vnd.kubernetes.protobuf), which kubectl's typed
 * clients send for create/update. netkube works on JSON trees, so a body is turned into exactly the JSON tree the
 * same object has in Kubernetes' JSON encoding.
 */
public final class ProtobufBodies {
  public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

  private ProtobufBodies() {}

  /** Whether a Content-Type (parameters allowed, any case) names Kubernetes' protobuf encoding. */
  public static boolean isProtobuf(String contentType) {
    if (contentType == null) return false;
    int semi = contentType.indexOf(';');
    String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    return media.equalsIgnoreCase(MEDIA_TYPE);
  }

  /** Decodes a {@code k8s\0}-prefixed runtime.Unknown envelope into the object's JSON form; 400 when it is not one. */
  public static ObjectNode decode(byte[] body) {
    ProtoEnvelope envelope = ProtoEnvelope.parse(body);
    Descriptor type = ProtoTypes.forKind(envelope.apiVersion(), envelope.kind());
    DynamicMessage message;
    try {
      message = DynamicMessage.parseFrom(type, envelope.raw());
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest("unable to decode protobuf " + envelope.kind() + ": " + e.getMessage());
    }
    ObjectNode json = ProtoJson.toJson(message);
    // The envelope carries apiVersion/kind; the typed message itself has no TypeMeta.
    ObjectNode out = json.objectNode();
    if (!envelope.apiVersion().isEmpty()) out.put("apiVersion", envelope.apiVersion());
    out.put("kind", envelope.kind());
    out.setAll(json);
    return out;
  }
}
