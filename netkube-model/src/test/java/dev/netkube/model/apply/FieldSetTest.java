package dev.netkube.model.apply;

import static dev.netkube.model.patch.TestSchemas.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.model.Json;
import dev.netkube.model.patch.TestSchemas;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldSetTest {
  @Test
  void appliedServiceEncodesAsUpstream() {
    var applied = json("""
        {'apiVersion':'v1','kind':'Service','metadata':{'name':'web','labels':{'app':'web'}},
         'spec':{'selector':{'app':'web'},'ports':[{'port':80,'targetPort':8080},{'port':53,'protocol':'UDP'}],
                 'externalIPs':['1.2.3.4']}}""");
    FieldSet set = FieldSets.of(applied, TestSchemas.service()).difference(ManagedFields.STRIPPED);
    assertThat(Json.text(set.toFieldsV1())).isEqualTo(
        "{\"f:metadata\":{\"f:labels\":{\"f:app\":{}}},\"f:spec\":{\"f:externalIPs\":{},\"f:ports\":{"
            + "\"k:{\\\"port\\\":53,\\\"protocol\\\":\\\"UDP\\\"}\":{\".\":{},\"f:port\":{},\"f:protocol\":{}},"
            + "\"k:{\\\"port\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},\"f:port\":{},\"f:targetPort\":{}}},"
            + "\"f:selector\":{}}}");
  }

  @Test
  void setListsUseValuesAndPathsPrintAsUpstream() {
    FieldSet set = FieldSets.of(json("{'metadata':{'finalizers':['b','a']}}"), TestSchemas.service());
    assertThat(Json.text(set.toFieldsV1())).isEqualTo("{\"f:metadata\":{\"f:finalizers\":{\"v:\\\"a\\\"\":{},\"v:\\\"b\\\"\":{}}}}");
    assertThat(set.paths().first().toString()).isEqualTo(".metadata.finalizers[=\"a\"]");
    FieldPath port = FieldPath.of("spec", "ports").child(PathElement.parse("k:{\"protocol\":\"TCP\",\"port\":80}"))
        .child(new PathElement.Field("targetPort"));
    assertThat(port.toString()).isEqualTo(".spec.ports[port=80,protocol=\"TCP\"].targetPort");
    assertThat(FieldPath.of("a").child(new PathElement.Index(3)).toString()).isEqualTo(".a[3]");
  }

  @Test
  void fieldsV1RoundTrips() {
    var fields = json("{'f:metadata':{'f:annotations':{'.':{},'f:x':{}}},'f:spec':{'f:ports':{'.':{},"
        + "'k:{\\'port\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:port':{}}},'f:l':{'i:0':{}}}}");
    FieldSet set = FieldSet.fromFieldsV1(fields);
    assertThat(set.paths()).hasSize(6);
    assertThat(set.toFieldsV1()).isEqualTo(fields);
  }

  @Test
  void setOperations() {
    FieldSet a = FieldSet.of(List.of(FieldPath.of("a"), FieldPath.of("b", "c")));
    FieldSet b = FieldSet.of(List.of(FieldPath.of("b")));
    assertThat(a.hasDescendant(FieldPath.of("b"))).isTrue();
    assertThat(a.hasDescendant(FieldPath.of("a"))).isFalse();
    assertThat(a.recursiveDifference(b).paths()).containsExactly(FieldPath.of("a"));
    assertThat(a.difference(b)).isEqualTo(a);
  }
}
