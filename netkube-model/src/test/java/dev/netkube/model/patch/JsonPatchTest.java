package dev.netkube.model.patch;

import static dev.netkube.model.patch.TestSchemas.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import org.junit.jupiter.api.Test;

class JsonPatchTest {
  private static final String DOC = "{'metadata':{'labels':{'a/b':'1','t~x':'2'}},'spec':{'ports':[{'port':80},{'port':443}]}}";

  @Test
  void appliesAllOperationKinds() {
    var out = JsonPatch.apply(json(DOC), json("""
        [{'op':'add','path':'/spec/ports/-','value':{'port':8080}},
         {'op':'add','path':'/spec/ports/0','value':{'port':1}},
         {'op':'replace','path':'/metadata/labels/a~1b','value':'one'},
         {'op':'remove','path':'/metadata/labels/t~0x'},
         {'op':'copy','from':'/spec/ports/1','path':'/spec/first'},
         {'op':'move','from':'/spec/ports/3','path':'/spec/last'},
         {'op':'test','path':'/spec/first/port','value':80.0}]"""));
    assertThat(out).isEqualTo(json("""
        {'metadata':{'labels':{'a/b':'one'}},
         'spec':{'ports':[{'port':1},{'port':80},{'port':443}],'first':{'port':80},'last':{'port':8080}}}"""));
  }

  @Test
  void leavesTheTargetUntouched() {
    var target = json(DOC);
    JsonPatch.apply(target, json("[{'op':'remove','path':'/spec'}]"));
    assertThat(target).isEqualTo(json(DOC));
  }

  @Test
  void failedTestIsTheGeneric422() {
    assertThatThrownBy(() -> JsonPatch.apply(json(DOC), json("[{'op':'test','path':'/spec/ports/0/port','value':81}]")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(422);
          assertThat(e.reason()).isEqualTo("Invalid");
          assertThat(e.getMessage()).isEqualTo("the server rejected our request due to an error in our request");
          assertThat(Json.text(e.toStatus().get("details"))).isEqualTo("{}");
        });
  }

  @Test
  void missingPathsAndBadIndexesAre422() {
    for (String op : new String[] {
        "[{'op':'remove','path':'/spec/nothing'}]",
        "[{'op':'replace','path':'/metadata/name','value':'x'}]",
        "[{'op':'add','path':'/nope/deeper','value':1}]",
        "[{'op':'add','path':'/spec/ports/5','value':1}]",
        "[{'op':'frobnicate','path':'/spec'}]"}) {
      assertThatThrownBy(() -> JsonPatch.apply(json(DOC), json(op)))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));
    }
  }

  @Test
  void aBodyThatIsNotAListIsBadRequest() {
    assertThatThrownBy(() -> JsonPatch.apply(json(DOC), json("{'op':'add'}")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        });
  }
}
