package dev.netkube.model.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.api.GroupVersionKind;
import dev.netkube.model.schema.Schema;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnknownFieldsTest {
  /** A cut-down Service in the shape the generator writes: allOf-wrapped refs, an int-or-string. */
  private static final Map<String, JsonNode> COMPONENTS = Map.of(
      "Service", json("""
          {"type":"object","properties":{"apiVersion":{"type":"string"},"kind":{"type":"string"},
           "metadata":{"allOf":[{"$ref":"#/components/schemas/ObjectMeta"}],"default":{}},
           "spec":{"allOf":[{"$ref":"#/components/schemas/ServiceSpec"}],"default":{}}}}"""),
      "ObjectMeta", json("""
          {"type":"object","properties":{"name":{"type":"string"},
           "labels":{"type":"object","additionalProperties":{"type":"string","default":""}}}}"""),
      "ServiceSpec", json("""
          {"type":"object","properties":{"type":{"type":"string"},
           "selector":{"type":"object","additionalProperties":{"type":"string","default":""}},
           "ports":{"type":"array","items":{"allOf":[{"$ref":"#/components/schemas/ServicePort"}],"default":{}}}}}"""),
      "ServicePort", json("""
          {"type":"object","required":["port"],"properties":{"port":{"type":"integer"},
           "targetPort":{"allOf":[{"$ref":"#/components/schemas/IntOrString"}]}}}"""),
      "IntOrString", json("{\"format\":\"int-or-string\",\"x-kubernetes-int-or-string\":true}"));

  private static final Schema SERVICE = Schema.of(COMPONENTS.get("Service"), COMPONENTS);

  @Test
  void declaredFieldsOnlyGiveNothing() {
    JsonNode svc = json("""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"a","labels":{"app":"x"}},
         "spec":{"selector":{"app":"x"},"ports":[{"port":80,"targetPort":"http"}]}}""");
    assertThat(UnknownFields.find(svc, SERVICE)).isEmpty();
  }

  @Test
  void reportsNestedAndListElementPathsInDocumentOrder() {
    JsonNode svc = json("""
        {"apiVersion":"v1","kind":"Service","foo":1,"metadata":{"name":"a","nmae":"b"},
         "spec":{"bar":true,"ports":[{"port":80},{"port":81,"prot":"TCP"}]}}""");
    assertThat(UnknownFields.find(svc, SERVICE))
        .containsExactly("foo", "metadata.nmae", "spec.bar", "spec.ports[1].prot");
  }

  @Test
  void pruneDropsExactlyTheUnknownFieldsInPlace() {
    JsonNode svc = json("""
        {"apiVersion":"v1","kind":"Service","foo":1,"metadata":{"name":"a","nmae":"b"},
         "spec":{"bar":true,"ports":[{"port":80,"targetPort":{"odd":1}},{"port":81,"prot":"TCP"}]}}""");
    assertThat(UnknownFields.prune(svc, SERVICE)).containsExactly("foo", "metadata.nmae", "spec.bar", "spec.ports[1].prot");
    assertThat(svc).isEqualTo(json("""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"a"},
         "spec":{"ports":[{"port":80,"targetPort":{"odd":1}},{"port":81}]}}"""));
    assertThat(UnknownFields.find(svc, SERVICE)).isEmpty();
  }

  @Test
  void upstreamStrictDecodingWording() {
    assertThat(UnknownFields.message("spec.foo")).isEqualTo("unknown field \"spec.foo\"");
    ApiException e = UnknownFields.strictError(new GroupVersionKind("apps", "v1", "Deployment"),
        List.of("spec.foo", "spec.template.spec.containers[0].bar"));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.reason()).isEqualTo("BadRequest");
    assertThat(e.getMessage()).isEqualTo("Deployment in version \"v1\" cannot be handled as a Deployment: "
        + "strict decoding error: unknown field \"spec.foo\", unknown field \"spec.template.spec.containers[0].bar\"");
  }

  @Test
  void customResourceSchemasPruneUndeclaredFieldsButRespectPreserveAndEmbedded() {
    JsonNode crSchema = json("""
        {"type":"object","properties":{
          "spec":{"type":"object","properties":{
            "size":{"x-kubernetes-int-or-string":true},
            "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true,
                    "properties":{"known":{"type":"object","properties":{"a":{"type":"string"}}}}},
            "empty":{"type":"object"},
            "template":{"type":"object","x-kubernetes-embedded-resource":true,
                        "properties":{"data":{"type":"string"}}},
            "counts":{"type":"object","additionalProperties":{"type":"object","properties":{"n":{"type":"integer"}}}}}}}}""");
    JsonNode cr = json("""
        {"spec":{"size":{"whatever":1},
          "free":{"anything":{"goes":1},"known":{"a":"x","b":"y"}},
          "empty":{"x":1},
          "template":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"n"},"data":"d","extra":1},
          "counts":{"red":{"n":1,"m":2}}}}""");
    assertThat(UnknownFields.find(cr, Schema.of(crSchema, Map.of())))
        .containsExactly("spec.free.known.b", "spec.empty.x", "spec.template.extra", "spec.counts[red].m");
  }

  @Test
  void additionalPropertiesTrueAdmitsAnyField() {
    JsonNode schema = json("{\"type\":\"object\",\"additionalProperties\":true}");
    assertThat(UnknownFields.find(json("{\"a\":{\"b\":1}}"), Schema.of(schema, Map.of()))).isEmpty();
  }

  @Test
  void noSchemaMeansNoFindings() {
    assertThat(UnknownFields.find(json("{\"a\":{\"b\":1}}"), Schema.ANY)).isEmpty();
  }

  static JsonNode json(String s) {
    try {
      return Json.parse(s);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
