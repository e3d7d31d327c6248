package dev.netkube.model.apply;

import static dev.netkube.model.patch.TestSchemas.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.patch.TestSchemas;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ManagedFieldsTest {
  static final Instant T1 = Instant.parse("2026-11-25T01:00:00.123Z");
  static final Instant T2 = Instant.parse("2026-11-25T02:00:00Z");

  static ObjectNode service(int targetPort) {
    return (ObjectNode) json("""
        {'apiVersion':'v1','kind':'Service',
         'metadata':{'name':'web','namespace':'default','uid':'u1','resourceVersion':'1',
                     'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{}'}},
         'spec':{'type':'ClusterIP','selector':{'app':'web'},
                 'ports':[{'port':80,'protocol':'TCP','targetPort':%d}]}}""".formatted(targetPort));
  }

  static ObjectNode createdByClientSideApply() {
    return ManagedFields.recordUpdate(null, service(80), "kubectl-client-side-apply", "Update", "v1", "",
        TestSchemas.service(), T1);
  }

  @Test
  void createRecordsEverythingTheRequestSet() {
    assertThat(createdByClientSideApply().at("/metadata/managedFields")).isEqualTo(json("""
        [{'manager':'kubectl-client-side-apply','operation':'Update','apiVersion':'v1','time':'2026-11-25T01:00:00Z',
          'fieldsType':'FieldsV1','fieldsV1':{
            'f:metadata':{'f:annotations':{'.':{},'f:kubectl.kubernetes.io/last-applied-configuration':{}}},
            'f:spec':{'f:ports':{'.':{},'k:{\\'port\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:port':{},'f:protocol':{},'f:targetPort':{}}},
                      'f:selector':{},'f:type':{}}}}]"""));
  }

  @Test
  void updateByAnotherManagerTakesOnlyWhatItChanged() {
    ObjectNode live = createdByClientSideApply();
    ObjectNode edited = live.deepCopy();
    ((ObjectNode) edited.at("/spec/ports/0")).put("targetPort", 8080);
    ObjectNode out = ManagedFields.recordUpdate(live, edited, "kubectl-edit", "Update", "v1", "", TestSchemas.service(), T2);

    assertThat(out.at("/metadata/managedFields")).hasSize(2);
    assertThat(out.at("/metadata/managedFields/0/manager").asText()).isEqualTo("kubectl-client-side-apply");
    assertThat(out.at("/metadata/managedFields/0/fieldsV1/f:spec/f:ports/k:{\"port\":80,\"protocol\":\"TCP\"}"))
        .isEqualTo(json("{'.':{},'f:port':{},'f:protocol':{}}"));
    assertThat(out.at("/metadata/managedFields/1")).isEqualTo(json("""
        {'manager':'kubectl-edit','operation':'Update','apiVersion':'v1','time':'2026-11-25T02:00:00Z','fieldsType':'FieldsV1',
         'fieldsV1':{'f:spec':{'f:ports':{'k:{\\'port\\':80,\\'protocol\\':\\'TCP\\'}':{'f:targetPort':{}}}}}}"""));
  }

  @Test
  void anUpdateThatChangesNothingKeepsEntriesAndTimes() {
    ObjectNode live = createdByClientSideApply();
    ObjectNode out = ManagedFields.recordUpdate(live, live.deepCopy(), "kubectl-edit", "Update", "v1", "", TestSchemas.service(), T2);
    assertThat(out.at("/metadata/managedFields")).isEqualTo(live.at("/metadata/managedFields"));
  }

  @Test
  void removedFieldsLeaveTheirOwners() {
    ObjectNode live = createdByClientSideApply();
    ObjectNode edited = live.deepCopy();
    ((ObjectNode) edited.get("metadata")).remove("annotations");
    ObjectNode out = ManagedFields.recordUpdate(live, edited, "other", "Update", "v1", "", TestSchemas.service(), T2);
    assertThat(out.at("/metadata/managedFields")).hasSize(1);
    assertThat(out.at("/metadata/managedFields/0/fieldsV1").has("f:metadata")).isFalse();
  }

  @Test
  void objectsWithoutManagedFieldsStayUntrackedOnUpdate() {
    ObjectNode out = ManagedFields.recordUpdate(service(80), service(81), "kubectl-edit", "Update", "v1", "",
        TestSchemas.service(), T2);
    assertThat(out.at("/metadata").has("managedFields")).isFalse();
  }

  @Test
  void moreThanTenUpdatersFoldTheOldestIntoAncientChanges() {
    ObjectNode obj = createdByClientSideApply();
    for (int i = 1; i <= 10; i++) {
      ObjectNode next = obj.deepCopy();
      ((ObjectNode) next.get("metadata")).with("labels").put("l" + i, "x");
      obj = ManagedFields.recordUpdate(obj, next, "m" + i, "Update", "v1", "", TestSchemas.service(), T1.plusSeconds(i * 60L));
    }
    var entries = obj.at("/metadata/managedFields");
    assertThat(entries).hasSize(10);
    assertThat(entries.get(0).get("manager").asText()).isEqualTo("ancient-changes");
    assertThat(entries.get(0).get("time").asText()).isEqualTo("2026-11-25T01:01:00Z");
    assertThat(entries.get(0).at("/fieldsV1/f:metadata/f:labels").has("f:l1")).isTrue();
    assertThat(entries.get(0).at("/fieldsV1/f:spec").isObject()).isTrue();
  }

  @Test
  void subresourceUpdatesGetTheirOwnEntry() {
    ObjectNode live = createdByClientSideApply();
    ObjectNode next = live.deepCopy();
    next.putObject("status").putObject("loadBalancer").putArray("ingress").addObject().put("ip", "192.168.10.240");
    ObjectNode out = ManagedFields.recordUpdate(live, next, "lb-controller", "Update", "v1", "status", TestSchemas.service(), T2);
    assertThat(out.at("/metadata/managedFields/1")).isEqualTo(json("""
        {'manager':'lb-controller','operation':'Update','apiVersion':'v1','time':'2026-11-25T02:00:00Z','fieldsType':'FieldsV1',
         'fieldsV1':{'f:status':{'f:loadBalancer':{'f:ingress':{}}}},'subresource':'status'}"""));
  }
}
