package dev.netkube.model.openapi;

import static dev.netkube.model.openapi.UnknownFieldsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.GroupVersionKind;
import dev.netkube.model.schema.Schema;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OpenApiV3Test {
  private static final JsonNode DOC = json("""
      {"openapi":"3.0.0","paths":{},"components":{"schemas":{
        "io.k8s.api.core.v1.Service":{"type":"object","properties":{
          "spec":{"allOf":[{"$ref":"#/components/schemas/io.k8s.api.core.v1.ServiceSpec"}],"default":{}}},
          "x-kubernetes-group-version-kind":[{"group":"","kind":"Service","version":"v1"}]},
        "io.k8s.api.core.v1.ServiceSpec":{"type":"object","properties":{"ports":{"type":"array",
          "x-kubernetes-patch-merge-key":"port","items":{"type":"object"}}}}}}}""");

  @Test
  void indexListsEachDocumentWithItsSha512Hash() throws Exception {
    OpenApiV3 api = new OpenApiV3();
    api.putDocument("api/v1", DOC);
    api.putDocument("apis/example.com/v1", json("{\"paths\":{}}"));
    byte[] bytes = api.document("api/v1").orElseThrow();
    String hash = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    assertThat(Json.parse(api.index())).isEqualTo(json("""
        {"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=%s"},
                  "apis/example.com/v1":{"serverRelativeURL":"/openapi/v3/apis/example.com/v1?hash=%s"}}}"""
        .formatted(hash, api.hash("apis/example.com/v1").orElseThrow())));
    assertThat(Json.parse(bytes)).isEqualTo(DOC);
  }

  @Test
  void removedDocumentsDisappearFromIndex() throws Exception {
    OpenApiV3 api = new OpenApiV3();
    api.putDocument("apis/example.com/v1", DOC);
    api.removeDocument("apis/example.com/v1");
    assertThat(api.document("apis/example.com/v1")).isEmpty();
    assertThat(Json.parse(api.index())).isEqualTo(json("{\"paths\":{}}"));
  }

  @Test
  void schemaForFindsTheKindByItsGvkExtensionAndResolvesRefs() {
    OpenApiV3 api = new OpenApiV3();
    api.putDocument("api/v1", DOC);
    Schema svc = api.schemaFor(new GroupVersionKind("", "v1", "Service")).orElseThrow();
    assertThat(svc.property("spec").orElseThrow().property("ports").orElseThrow().patchMergeKey()).contains("port");
    assertThat(api.schemaFor(new GroupVersionKind("", "v1", "Pod"))).isEmpty();
    assertThat(api.schemaFor(new GroupVersionKind("apps", "v1", "Service"))).isEmpty();
  }
}
