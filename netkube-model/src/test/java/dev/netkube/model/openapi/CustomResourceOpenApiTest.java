package dev.netkube.model.openapi;

import static dev.netkube.model.openapi.UnknownFieldsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.api.GroupVersionKind;
import dev.netkube.model.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomResourceOpenApiTest {
  static final JsonNode CRD = json("""
      {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
       "metadata":{"name":"ipaddresspools.metallb.io"},
       "spec":{"group":"metallb.io","scope":"Namespaced",
        "names":{"kind":"IPAddressPool","listKind":"IPAddressPoolList","plural":"ipaddresspools","singular":"ipaddresspool"},
        "versions":[
         {"name":"v1beta1","served":true,"storage":true,"subresources":{"status":{}},
          "schema":{"openAPIV3Schema":{"description":"IPAddressPool represents a pool of IP addresses.","type":"object",
            "properties":{"spec":{"type":"object","required":["addresses"],"properties":{
              "addresses":{"type":"array","items":{"type":"string"}}}}}}}},
         {"name":"v1alpha1","served":false,"storage":false,"schema":{"openAPIV3Schema":{"type":"object"}}}]}}""");

  /** A built-in core document with just enough meta types. */
  static OpenApiV3 builtins() {
    OpenApiV3 b = new OpenApiV3();
    b.putDocument("api/v1", json("""
        {"paths":{},"components":{"schemas":{
          "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta":{"type":"object","properties":{
            "name":{"type":"string"},
            "ownerReferences":{"type":"array","items":{"allOf":[{"$ref":"#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference"}]}}}},
          "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference":{"type":"object","properties":{"uid":{"type":"string"}}},
          "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta":{"type":"object"},
          "io.k8s.apimachinery.pkg.apis.meta.v1.Status":{"type":"object"},
          "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions":{"type":"object"},
          "io.k8s.apimachinery.pkg.apis.meta.v1.Patch":{"type":"object"},
          "io.k8s.api.core.v1.Pod":{"type":"object"}}}}"""));
    return b;
  }

  @Test
  void onlyServedVersionsGetADocument() {
    assertThat(CustomResourceOpenApi.documents(List.of(CRD), builtins())).containsOnlyKeys("apis/metallb.io/v1beta1");
  }

  @Test
  void kindSchemaGetsApiVersionKindMetadataAndGvk() {
    JsonNode doc = CustomResourceOpenApi.documents(List.of(CRD), builtins()).get("apis/metallb.io/v1beta1");
    JsonNode schemas = doc.path("components").path("schemas");
    List<String> names = new ArrayList<>();
    schemas.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly(
        "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta",
        "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference",
        "io.k8s.apimachinery.pkg.apis.meta.v1.Patch", "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
        "io.metallb.v1beta1.IPAddressPool", "io.metallb.v1beta1.IPAddressPoolList");
    JsonNode pool = schemas.path("io.metallb.v1beta1.IPAddressPool");
    assertThat(pool.path("x-kubernetes-group-version-kind")).isEqualTo(
        json("[{\"group\":\"metallb.io\",\"kind\":\"IPAddressPool\",\"version\":\"v1beta1\"}]"));
    assertThat(pool.path("properties").path("metadata").path("allOf").get(0).path("$ref").asText())
        .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(pool.path("properties").path("apiVersion").path("type").asText()).isEqualTo("string");
  }

  @Test
  void patchOffersNoStrategicMergePatchButCarriesFieldValidation() {
    JsonNode paths = CustomResourceOpenApi.documents(List.of(CRD), builtins()).get("apis/metallb.io/v1beta1").path("paths");
    for (String p : List.of("/apis/metallb.io/v1beta1/namespaces/{namespace}/ipaddresspools/{name}",
        "/apis/metallb.io/v1beta1/namespaces/{namespace}/ipaddresspools/{name}/status")) {
      JsonNode patch = paths.path(p).path("patch");
      List<String> types = new ArrayList<>();
      patch.path("requestBody").path("content").fieldNames().forEachRemaining(types::add);
      assertThat(types).containsExactly("application/apply-patch+yaml", "application/json-patch+json",
          "application/merge-patch+json");
      assertThat(patch.path("x-kubernetes-group-version-kind")).isEqualTo(
          json("{\"group\":\"metallb.io\",\"kind\":\"IPAddressPool\",\"version\":\"v1beta1\"}"));
      assertThat(patch.path("parameters").findValuesAsText("name")).contains("fieldValidation", "dryRun", "fieldManager");
    }
  }

  @Test
  void servedThroughOpenApiV3TheCustomKindHasAStrictSchema() {
    OpenApiV3 api = builtins();
    CustomResourceOpenApi.documents(List.of(CRD), api).forEach(api::putDocument);
    Schema pool = api.schemaFor(new GroupVersionKind("metallb.io", "v1beta1", "IPAddressPool")).orElseThrow();
    JsonNode cr = json("""
        {"apiVersion":"metallb.io/v1beta1","kind":"IPAddressPool","metadata":{"name":"p","nmae":"x"},
         "spec":{"addresses":["192.168.10.0/24"],"autoAssign":true}}""");
    assertThat(UnknownFields.find(cr, pool)).containsExactly("metadata.nmae", "spec.autoAssign");
  }
}
