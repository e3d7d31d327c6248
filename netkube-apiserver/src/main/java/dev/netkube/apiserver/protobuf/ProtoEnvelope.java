package dev.netkube.apiserver.protobuf;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.netkube.model.api.ApiException;
import io.kubernetes.client.proto.Runtime;
import java.util.Arrays;

/** Kubernetes' protobuf wire envelope: the magic {@code k8s\0}, then a runtime.Unknown holding the typed bytes. */
record ProtoEnvelope(String apiVersion, String kind, byte[] raw) {
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  /** Errors worded as client-go's protobuf serializer words them. */
  static ProtoEnvelope parse(byte[] body) {
    if (body.length == 0) throw ApiException.badRequest("empty data");
    if (body.length < MAGIC.length || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw ApiException.badRequest(
          "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
    }
    if (body.length == MAGIC.length) throw ApiException.badRequest("empty body");
    Runtime.Unknown unknown;
    try {
      unknown = Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, MAGIC.length, body.length));
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest("unable to decode protobuf envelope: " + e.getMessage());
    }
    String apiVersion = unknown.getTypeMeta().getApiVersion();
    String kind = unknown.getTypeMeta().getKind();
    if (kind.isEmpty()) throw ApiException.badRequest("Object 'Kind' is missing in '" + abbreviate(unknown) + "'");
    return new ProtoEnvelope(apiVersion, kind, unknown.getRaw().toByteArray());
  }

  private static String abbreviate(Runtime.Unknown unknown) {
    String text = unknown.getTypeMeta().toString().replace('\n', ' ').trim();
    return text.isEmpty() ? "{}" : text;
  }
}
