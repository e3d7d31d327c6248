package dev.netkube.apiserver.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * /openapi/v2, which kubectl asks only as protobuf and only for group versions that /openapi/v3
 * lacks (a custom resource whose CRD is missing). netkube's schemas live in v3; v2 answers an
 * empty gnostic Document (swagger "2.0", info) so that kubectl goes on to its own error,
 * upstream's "no matches for kind ... ensure CRDs are installed first", instead of failing to
 * download OpenAPI.
 */
final class OpenApiV2 {
  /** What kube-openapi answers (kubectl asks with "...spec.v2@v1.0+protobuf", which Go cannot parse back). */
  static final String MEDIA_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
  static final ApiResponse EMPTY = new ApiResponse(200, MEDIA_TYPE, document(), List.of());

  private OpenApiV2() {}

  /** openapi_v2.Document{swagger = 1: "2.0", info = 2: Info{title = 1, version = 2}} in protobuf wire form. */
  private static byte[] document() {
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    field(info, 1, "Kubernetes".getBytes(StandardCharsets.UTF_8));
    field(info, 2, "v1.32.9".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream doc = new ByteArrayOutputStream();
    field(doc, 1, "2.0".getBytes(StandardCharsets.UTF_8));
    field(doc, 2, info.toByteArray());
    return doc.toByteArray();
  }

  /** A length-delimited field (wire type 2); lengths here are below 128, so one varint byte. */
  private static void field(ByteArrayOutputStream out, int number, byte[] value) {
    out.write(number << 3 | 2);
    out.write(value.length);
    out.writeBytes(value);
  }
}
