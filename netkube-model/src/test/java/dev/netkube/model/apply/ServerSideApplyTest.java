package dev.netkube.model.apply;

import static dev.netkube.model.patch.TestSchemas.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.api.GroupVersionKind;
import dev.netkube.model.patch.TestSchemas;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest {
  static final Instant T1 = Instant.parse("2026-11-25T01:00:00Z");
  static final Instant T2 = Instant.parse("2026-11-25T02:00:00Z");

  static ObjectNode config(String labels, int targetPort) {
    return (ObjectNode) json("""
        {'apiVersion':'v1','kind':'Service','metadata':{'name':'web','labels':{%s}},
         'spec':{'selector':{'app':'web'},'ports':[{'port':80,'targetPort':%d}]}}""".formatted(labels, targetPort));
  }

  static ObjectNode apply(ObjectNode live, ObjectNode cfg, String manager, boolean force, Instant now) {
    return ServerSideApply.apply(live, cfg, manager, force, "v1", TestSchemas.service(), now);
  }

  @Test
  void createOwnsExactlyTheAppliedFields() {
    ObjectNode out = apply(null, config("'a':'1'", 8080), "kubectl", false, T1);
    assertThat(out.at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
    assertThat(out.at("/metadata/managedFields")).isEqualTo(json("""
        [{'manager':'kubectl','operation':'Apply','apiVersion':'v1','time':'2026-11-25T01:00:00Z','fieldsType':'FieldsV1',
          'fieldsV1':{'f:metadata':{'f:labels':{'f:a':{}}},
                      'f:spec':{'f:ports':{'k:{\\'port\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:port':{},'f:targetPort':{}}},
                                'f:selector':{}}}}]"""));
  }

  @Test
  void reapplyByTheSameManagerUpdatesWithoutConflict() {
    ObjectNode live = apply(null, config("'a':'1'", 80), "kubectl", false, T1);
    ObjectNode out = apply(live, config("'a':'1'", 9090), "kubectl", false, T2);
    assertThat(out.at("/spec/ports/0/targetPort").asInt()).isEqualTo(9090);
    assertThat(out.at("/metadata/managedFields/0/time").asText()).isEqualTo("2026-11-25T02:00:00Z");
  }

  @Test
  void aNoOpApplyKeepsTheTime() {
    ObjectNode live = apply(null, config("'a':'1'", 80), "kubectl", false, T1);
    ObjectNode out = apply(live, config("'a':'1'", 80), "kubectl", false, T2);
    assertThat(out).isEqualTo(live);
  }

  @Test
  void changingAFieldAnotherManagerOwnsConflicts() {
    ObjectNode live = ManagedFields.recordUpdate(null, config("'a':'1'", 80), "kubectl-client-side-apply", "Update", "v1", "",
        TestSchemas.service(), T1);
    assertThatThrownBy(() -> apply(live, config("'a':'1'", 8080), "kubectl", false, T2))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(409);
          assertThat(e.reason()).isEqualTo("Conflict");
          assertThat(e.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1: "
              + ".spec.ports[port=80,protocol=\"TCP\"].targetPort");
          assertThat(e.toStatus().get("details")).isEqualTo(json("""
              {'causes':[{'reason':'FieldManagerConflict','message':'conflict with \\'kubectl-client-side-apply\\' using v1',
                          'field':'.spec.ports[port=80,protocol=\\'TCP\\'].targetPort'}]}""".replace("\\'", "\\\"")));
        });
  }

  @Test
  void severalConflictsAreGroupedByManager() {
    ObjectNode live = ManagedFields.recordUpdate(null, config("'a':'1'", 80), "kubectl-client-side-apply", "Update", "v1", "",
        TestSchemas.service(), T1);
    assertThatThrownBy(() -> apply(live, config("'a':'2'", 8080), "kubectl", false, T2))
        .hasMessage("Apply failed with 2 conflicts: conflicts with \"kubectl-client-side-apply\" using v1:\n"
            + "- .metadata.labels.a\n- .spec.ports[port=80,protocol=\"TCP\"].targetPort");
  }

  @Test
  void forceTakesOwnership() {
    ObjectNode live = ManagedFields.recordUpdate(null, config("'a':'1'", 80), "kubectl-client-side-apply", "Update", "v1", "",
        TestSchemas.service(), T1);
    ObjectNode out = apply(live, config("'a':'1'", 8080), "kubectl", true, T2);
    assertThat(out.at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
    var entries = out.at("/metadata/managedFields");
    assertThat(entries.get(0).get("manager").asText()).isEqualTo("kubectl");
    assertThat(entries.get(1).get("manager").asText()).isEqualTo("kubectl-client-side-apply");
    assertThat(entries.get(1).at("/fieldsV1/f:spec/f:ports/k:{\"port\":80,\"protocol\":\"TCP\"}").has("f:targetPort")).isFalse();
    assertThat(entries.get(0).at("/fieldsV1/f:spec/f:ports/k:{\"port\":80,\"protocol\":\"TCP\"}").has("f:targetPort")).isTrue();
  }

  @Test
  void fieldsDroppedFromTheConfigAreRemovedUnlessSomeoneElseOwnsThem() {
    ObjectNode live = apply(null, config("'a':'1','b':'2','c':'3'", 80), "kubectl", false, T1);
    // Another manager also sets label c to the same value: it now co-owns c.
    ObjectNode shared = apply(live, (ObjectNode) json("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','labels':{'c':'3'}}}"),
        "other", false, T1);
    ObjectNode out = apply(shared, config("'a':'1'", 80), "kubectl", false, T2);
    assertThat(out.at("/metadata/labels")).isEqualTo(json("{'a':'1','c':'3'}"));
  }

  @Test
  void droppingAListItemRemovesIt() {
    ObjectNode two = (ObjectNode) json("""
        {'apiVersion':'v1','kind':'Service','metadata':{'name':'web'},
         'spec':{'ports':[{'port':80},{'port':443}]}}""");
    ObjectNode live = apply(null, two, "kubectl", false, T1);
    ((com.fasterxml.jackson.databind.node.ArrayNode) two.at("/spec/ports")).remove(1);
    ObjectNode out = apply(live, two, "kubectl", false, T2);
    assertThat(out.at("/spec/ports")).isEqualTo(json("[{'port':80}]"));
  }

  @Test
  void liveObjectsWithoutManagedFieldsBelongToBeforeFirstApply() {
    ObjectNode live = config("'a':'1'", 80);
    assertThatThrownBy(() -> apply(live, config("'a':'1'", 8080), "kubectl", false, T2))
        .hasMessageContaining("conflict with \"before-first-apply\" using v1: .spec.ports");
  }

  @Test
  void managedFieldsInTheBodyAreRejected() {
    ObjectNode cfg = config("", 80);
    ((ObjectNode) cfg.get("metadata")).putArray("managedFields");
    assertThatThrownBy(() -> apply(null, cfg, "kubectl", false, T1))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo("metadata.managedFields must be nil");
        });
  }

  @Test
  void bodyMustMatchTheEndpoint() {
    assertThatThrownBy(() -> ApplyRequests.validateBody(json("{'apiVersion':'apps/v1','kind':'Deployment'}"),
        new GroupVersionKind("", "v1", "Service")))
        .hasMessage("invalid object type: apps/v1, Kind=Deployment");
    assertThatThrownBy(() -> ApplyRequests.checkName(json("{'metadata':{'name':'a'}}"), "b", "default"))
        .hasMessage("the name of the object (a) does not match the name on the URL (b)");
    assertThatThrownBy(() -> ApplyRequests.checkName(json("{'metadata':{'name':'b','namespace':'x'}}"), "b", "default"))
        .hasMessage("the namespace of the object (x) does not match the namespace on the URL (default)");
    ApplyRequests.validateBody(config("", 80), new GroupVersionKind("", "v1", "Service"));
    assertThat(Json.text(config("", 80).get("kind"))).isEqualTo("\"Service\"");
  }

  @Test
  void kubectlMovingFromClientSideApplyIsForgivenFieldsItLastApplied() {
    ObjectNode csa = config("'a':'1'", 80);
    String lastApplied = Json.text(config("'a':'1'", 80));
    ((ObjectNode) csa.get("metadata")).putObject("annotations").put(LastApplied.ANNOTATION, lastApplied);
    ObjectNode live = ManagedFields.recordUpdate(null, csa, "kubectl-client-side-apply", "Update", "v1", "",
        TestSchemas.service(), T1);

    ObjectNode out = apply(live, config("'a':'1'", 8080), "kubectl", false, T2);
    assertThat(out.at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
    assertThat(out.at("/metadata/annotations/" + LastApplied.ANNOTATION.replace("/", "~1")).asText()).isEqualTo(
        "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"labels\":{\"a\":\"1\"},\"name\":\"web\"},"
            + "\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":8080}],\"selector\":{\"app\":\"web\"}}}\n");

    // Another manager gets no such pass.
    assertThatThrownBy(() -> apply(live, config("'a':'1'", 8080), "helm", false, T2))
        .hasMessageStartingWith("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1");
  }

  @Test
  void withoutSchemaListsAreAtomicAndMapsMerge() {
    ObjectNode live = ServerSideApply.apply(null, (ObjectNode) json("{'apiVersion':'x.io/v1','kind':'W','spec':{'l':[1,2],'m':{'a':1}}}"),
        "one", false, "x.io/v1", dev.netkube.model.schema.Schema.ANY, T1);
    assertThat(live.at("/metadata/managedFields/0/fieldsV1")).isEqualTo(json("{'f:spec':{'f:l':{},'f:m':{'f:a':{}}}}"));
    ObjectNode out = ServerSideApply.apply(live, (ObjectNode) json("{'apiVersion':'x.io/v1','kind':'W','spec':{'l':[3],'m':{'b':2}}}"),
        "two", true, "x.io/v1", dev.netkube.model.schema.Schema.ANY, T2);
    assertThat(out.get("spec")).isEqualTo(json("{'l':[3],'m':{'a':1,'b':2}}"));
    assertThat(out.at("/metadata/managedFields/0/fieldsV1")).isEqualTo(json("{'f:spec':{'f:m':{'f:a':{}}}}"));
  }

  @Test
  void nullInTheConfigurationUnsetsTheFieldButIsOwned() {
    ObjectNode live = apply(null, config("'a':'1'", 80), "kubectl", false, T1);
    ObjectNode cfg = config("'a':'1'", 80);
    ((ObjectNode) cfg.get("spec")).putNull("selector");
    ObjectNode out = apply(live, cfg, "kubectl", false, T2);
    assertThat(out.get("spec").has("selector")).isFalse();
    assertThat(out.at("/metadata/managedFields/0/fieldsV1/f:spec").has("f:selector")).isTrue();
  }
}
