package dev.netkube.model.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.api.BuiltinResources;
import dev.netkube.model.api.ResourceType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {
  private static ResourceType type(String group, String kind) {
    return BuiltinResources.all().stream().filter(t -> t.group().equals(group) && t.kind().equals(kind))
        .findFirst().orElseThrow();
  }

  @Test
  void parsesSortsAndEscapes() {
    FieldSelector s = FieldSelector.parse("status.phase!=Failed,metadata.name==a\\,b,spec.nodeName=node-1");
    assertThat(s.toString()).isEqualTo("metadata.name=a\\,b,spec.nodeName=node-1,status.phase!=Failed");
    assertThat(s.matches(Map.of("metadata.name", "a,b", "spec.nodeName", "node-1", "status.phase", "Running")))
        .isTrue();
    assertThat(s.matches(Map.of("metadata.name", "a,b", "spec.nodeName", "node-1", "status.phase", "Failed")))
        .isFalse();
    assertThat(s.requiresExactMatch("spec.nodeName")).contains("node-1");
    assertThat(FieldSelector.parse("").isEmpty()).isTrue();
  }

  @Test
  void errorsUseUpstreamWording() {
    assertThatThrownBy(() -> FieldSelector.parse("metadata.name"))
        .hasMessage("invalid selector: 'metadata.name'; can't understand 'metadata.name'");
    assertThatThrownBy(() -> FieldSelector.parse("a=b=c")).hasMessage(
        "invalid field selector: unescaped character in value: 61");
    assertThatThrownBy(() -> FieldSelector.parse("a=b\\x")).hasMessage(
        "invalid field selector: invalid escape sequence: \\x");
  }

  @Test
  void unsupportedLabelIsBadRequest() {
    ResourceType pods = type("", "Pod");
    assertThatThrownBy(() -> FieldSelectors.validate(pods, FieldSelector.parse("spec.bogus=x")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessage("field label not supported: spec.bogus");
    assertThatThrownBy(() -> FieldSelectors.validate(type("apps", "Deployment"), FieldSelector.parse("spec.x=1")))
        .hasMessage("\"spec.x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    assertThat(FieldSelectors.validate(pods, FieldSelector.parse("spec.host=node-1")).toString())
        .isEqualTo("spec.nodeName=node-1");
  }

  @Test
  void podFieldsMatchWhatTheRegistryIndexes() throws Exception {
    ObjectNode pod = (ObjectNode) Json.parse("{\"metadata\":{\"name\":\"web\",\"namespace\":\"default\"},"
        + "\"spec\":{\"nodeName\":\"node-1\",\"restartPolicy\":\"Always\",\"schedulerName\":\"default-scheduler\","
        + "\"serviceAccountName\":\"default\"},\"status\":{\"phase\":\"Running\",\"podIPs\":[{\"ip\":\"10.244.1.5\"}]}}");
    Map<String, String> f = FieldSelectors.fields(type("", "Pod"), pod);
    assertThat(f).containsEntry("spec.hostNetwork", "false").containsEntry("status.podIP", "10.244.1.5")
        .containsEntry("metadata.namespace", "default").containsEntry("status.nominatedNodeName", "");
    assertThat(FieldSelector.parse("spec.nodeName=node-1,status.phase=Running").matches(f)).isTrue();
    ObjectNode node = (ObjectNode) Json.parse("{\"metadata\":{\"name\":\"node-1\"}}");
    assertThat(FieldSelectors.fields(type("", "Node"), node))
        .isEqualTo(Map.of("metadata.name", "node-1", "spec.unschedulable", "false"));
    ObjectNode ev = (ObjectNode) Json.parse("{\"metadata\":{\"name\":\"e\",\"namespace\":\"default\"},"
        + "\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"web\"},\"reportingComponent\":\"kubelet\"}");
    assertThat(FieldSelectors.fields(type("", "Event"), ev)).containsEntry("involvedObject.name", "web")
        .containsEntry("source", "kubelet");
  }
}
