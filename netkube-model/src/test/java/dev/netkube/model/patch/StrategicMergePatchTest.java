package dev.netkube.model.patch;

import static dev.netkube.model.patch.TestSchemas.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.api.ApiException;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {
  private static final String LIVE_SERVICE = """
      {'apiVersion':'v1','kind':'Service',
       'metadata':{'name':'web','namespace':'default','resourceVersion':'7',
                   'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'old'}},
       'spec':{'type':'ClusterIP','clusterIP':'10.96.0.20','selector':{'app':'web'},
               'ports':[{'name':'http','port':80,'protocol':'TCP','targetPort':80},
                        {'name':'https','port':443,'protocol':'TCP','targetPort':443}]}}""";

  private static JsonNode smp(String original, String patch) {
    return StrategicMergePatch.apply(json(original), json(patch), TestSchemas.pod());
  }

  private static ApiException smpError(String original, String patch) {
    try {
      smp(original, patch);
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("patch applied");
  }

  @Test
  void kubectlApplyChangingOneTargetPortChangesOnlyThatField() {
    // What kubectl 1.32 sends after the targetPort of port 80 changed in the manifest.
    String patch = """
        {'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'new'}},
         'spec':{'$setElementOrder/ports':[{'port':80},{'port':443}],'ports':[{'port':80,'targetPort':8080}]}}""";
    JsonNode once = StrategicMergePatch.apply(json(LIVE_SERVICE), json(patch), TestSchemas.service());

    JsonNode expected = json(LIVE_SERVICE);
    ((com.fasterxml.jackson.databind.node.ObjectNode) expected.at("/spec/ports/0")).put("targetPort", 8080);
    ((com.fasterxml.jackson.databind.node.ObjectNode) expected.at("/metadata/annotations"))
        .put("kubectl.kubernetes.io/last-applied-configuration", "new");
    assertThat(once).isEqualTo(expected);

    JsonNode twice = StrategicMergePatch.apply(once, json(patch), TestSchemas.service());
    assertThat(twice).isEqualTo(once);
  }

  @Test
  void mergeListItemsByKeyNewItemsWithoutOrderDirectiveGoFirstAsUpstream() {
    var out = smp("{'spec':{'containers':[{'name':'a','image':'x','env':[{'name':'E','value':'1'}]}]}}",
        "{'spec':{'containers':[{'name':'a','env':[{'name':'F','value':'2'}]},{'name':'b','image':'y'}]}}");
    assertThat(out).isEqualTo(json(
        "{'spec':{'containers':[{'name':'a','image':'x','env':[{'name':'F','value':'2'},{'name':'E','value':'1'}]},{'name':'b','image':'y'}]}}"));
  }

  @Test
  void listsWithoutMergeStrategyAreReplaced() {
    assertThat(smp("{'spec':{'containers':[{'name':'a','args':['1','2']}]}}",
        "{'spec':{'containers':[{'name':'a','args':['3']}]}}"))
        .isEqualTo(json("{'spec':{'containers':[{'name':'a','args':['3']}]}}"));
  }

  @Test
  void unknownSchemaReplacesListsAndMergesMaps() {
    assertThat(StrategicMergePatch.apply(json("{'x':{'l':[1,2],'k':1}}"), json("{'x':{'l':[3]}}"), dev.netkube.model.schema.Schema.ANY))
        .isEqualTo(json("{'x':{'l':[3],'k':1}}"));
  }

  @Test
  void primitiveMergeListIsAUnionInUpstreamOrder() {
    assertThat(smp("{'metadata':{'finalizers':['a','b']}}", "{'metadata':{'finalizers':['c','a']}}"))
        .isEqualTo(json("{'metadata':{'finalizers':['c','a','b']}}"));
  }

  @Test
  void deleteFromPrimitiveList() {
    assertThat(smp("{'metadata':{'finalizers':['a','b','c']}}", "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b']}}"))
        .isEqualTo(json("{'metadata':{'finalizers':['a','c']}}"));
  }

  @Test
  void nullDeletesAField() {
    assertThat(smp("{'metadata':{'labels':{'a':'1','b':'2'}}}", "{'metadata':{'labels':{'a':null},'gone':null}}"))
        .isEqualTo(json("{'metadata':{'labels':{'b':'2'}}}"));
  }

  @Test
  void patchDeleteRemovesAListItemByMergeKey() {
    assertThat(smp("{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}", "{'spec':{'containers':[{'name':'a','$patch':'delete'}]}}"))
        .isEqualTo(json("{'spec':{'containers':[{'name':'b'}]}}"));
  }

  @Test
  void patchReplaceInAListReplacesTheList() {
    assertThat(smp("{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
        "{'spec':{'containers':[{'$patch':'replace'},{'name':'c'}]}}"))
        .isEqualTo(json("{'spec':{'containers':[{'name':'c'}]}}"));
  }

  @Test
  void patchReplaceAndDeleteOnMaps() {
    assertThat(smp("{'metadata':{'labels':{'a':'1','b':'2'}}}", "{'metadata':{'labels':{'$patch':'replace','c':'3'}}}"))
        .isEqualTo(json("{'metadata':{'labels':{'c':'3'}}}"));
    assertThat(smp("{'metadata':{'labels':{'a':'1'}}}", "{'metadata':{'labels':{'$patch':'delete'}}}"))
        .isEqualTo(json("{'metadata':{'labels':{}}}"));
  }

  @Test
  void retainKeysClearsFieldsNotListed() {
    assertThat(smp("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'1'}}}}",
        "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}"))
        .isEqualTo(json("{'spec':{'strategy':{'type':'Recreate'}}}"));
  }

  @Test
  void setElementOrderReordersTheList() {
    assertThat(smp("{'spec':{'containers':[{'name':'a','image':'1'},{'name':'b','image':'2'}]}}",
        "{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}]}}"))
        .isEqualTo(json("{'spec':{'containers':[{'name':'b','image':'2'},{'name':'a','image':'1'}]}}"));
  }

  @Test
  void malformedDirectivesFailAsUpstream() {
    ApiException e = smpError("{'metadata':{'labels':{}}}", "{'metadata':{'labels':{'$patch':'foo','x':'y'}}}");
    assertThat(e.code()).isEqualTo(500);
    assertThat(e.getMessage()).isEqualTo("unknown patch type: foo in map: map[$patch:foo x:y]");

    e = smpError("{'spec':{'strategy':{}}}", "{'spec':{'strategy':{'$retainKeys':'type'}}}");
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("invalid patch format of retainKeys");

    e = smpError("{'spec':{'strategy':{}}}", "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':{}}}}");
    assertThat(e.getMessage()).isEqualTo("invalid patch format of retainKeys");

    e = smpError("{'spec':{'containers':[{'name':'a'}]}}", "{'spec':{'containers':[{'image':'x'}]}}");
    assertThat(e.code()).isEqualTo(500);
    assertThat(e.getMessage()).isEqualTo("map: map[image:x] does not contain declared merge key: name");

    e = smpError("{'spec':{'containers':[{'name':'a'}]}}", "{'spec':{'containers':[{'$patch':'merge'}]}}");
    assertThat(e.getMessage()).isEqualTo("merging lists cannot yet be specified in the patch");

    e = smpError("{'metadata':{'finalizers':[['a']]}}", "{'metadata':{'finalizers':[['b']]}}");
    assertThat(e.code()).isEqualTo(422);

    e = smpError("{'metadata':{'finalizers':['a']}}", "{'metadata':{'$deleteFromPrimitiveListfinalizers':['a']}}");
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("invalid patch format of primitive list");
  }

  @Test
  void orderDirectivesOnPrimitiveListsMatchUpstreamCases() {
    assertThat(smp("{'metadata':{'finalizers':['1','2']}}", "{'metadata':{'finalizers':['2','3']}}"))
        .isEqualTo(json("{'metadata':{'finalizers':['1','2','3']}}"));
    assertThat(smp("{'metadata':{'finalizers':['1','2','4']}}",
        "{'metadata':{'$setElementOrder/finalizers':['1','2','3'],'finalizers':['3']}}"))
        .isEqualTo(json("{'metadata':{'finalizers':['1','2','3','4']}}"));
    assertThat(smp("{'metadata':{'finalizers':['1','2','3','4']}}",
        "{'metadata':{'$setElementOrder/finalizers':['1','2'],'$deleteFromPrimitiveList/finalizers':['3']}}"))
        .isEqualTo(json("{'metadata':{'finalizers':['1','2','4']}}"));
    assertThat(smp("{'metadata':{'finalizers':['1','2','3']}}",
        "{'metadata':{'$setElementOrder/finalizers':['2','1'],'$deleteFromPrimitiveList/finalizers':['3']}}"))
        .isEqualTo(json("{'metadata':{'finalizers':['2','1']}}"));
  }

  @Test
  void kubectlDeletesAPortWithAPatchDeleteItem() {
    String live = "{'spec':{'ports':[{'port':80,'protocol':'TCP'},{'port':443,'protocol':'TCP'}]}}";
    String patch = "{'spec':{'$setElementOrder/ports':[{'port':80}],'ports':[{'$patch':'delete','port':443}]}}";
    assertThat(StrategicMergePatch.apply(json(live), json(patch), TestSchemas.service()))
        .isEqualTo(json("{'spec':{'ports':[{'port':80,'protocol':'TCP'}]}}"));
  }
}
