package dev.netkube.model.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimpleJsonPathTest {
  private final ObjectNode doc = Fixtures.yaml("""
      metadata: {annotations: {"example.com/x": "y"}}
      spec: {ports: [{port: 80}, {port: 443}]}
      status: {conditions: [{type: A, status: "False"}, {type: Ready, status: "True"}]}
      """);

  private List<String> eval(String path) {
    return SimpleJsonPath.parse(path).evaluate(doc).stream().map(JsonNode::asText).toList();
  }

  @Test
  void pathsColumnsUse() {
    assertThat(eval(".status.conditions[?(@.type==\"Ready\")].status")).containsExactly("True");
    assertThat(eval("{.spec.ports[*].port}")).containsExactly("80", "443");
    assertThat(eval(".spec.ports[-1].port")).containsExactly("443");
    assertThat(eval(".metadata.annotations['example.com/x']")).containsExactly("y");
    assertThat(eval(".spec.missing.deeper")).isEmpty();
    assertThat(eval(".status.conditions[?(@.type!='Ready')].type")).containsExactly("A");
  }

  @Test
  void goFormattingOfValues() {
    assertThat(GoText.goFloat(1.5)).isEqualTo("1.5");
    assertThat(GoText.goFloat(1000000)).isEqualTo("1e+06");
    assertThat(GoText.goFloat(0.00001)).isEqualTo("1e-05");
    assertThat(GoText.goFloat(123456)).isEqualTo("123456");
    assertThat(GoText.sharpV(Fixtures.yaml("{b: [1, x], a: 2.5}")))
        .isEqualTo("map[string]interface {}{\"a\":2.5, \"b\":[]interface {}{1, \"x\"}}");
    assertThat(GoText.v(Fixtures.yaml("{b: [1, x], a: true}"))).isEqualTo("map[a:true b:[1 x]]");
  }
}
