package dev.netkube.model.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.BuiltinResources;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.api.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Malformed bodies get field errors, never an exception (which the server would turn into a 500). */
class RobustnessTest {
  private static final List<String> BODIES = List.of("{}", "{\"spec\": \"x\"}", "{\"spec\": []}", "{\"spec\": {\"ports\": \"x\","
      + " \"selector\": 3, \"template\": {\"spec\": {\"containers\": [1, null, {}]}}}}", "{\"metadata\": 7, \"data\": []}",
      "{\"spec\": {\"containers\": [{\"ports\": [{}], \"env\": [{}]}], \"volumes\": [{}]}}",
      "{\"webhooks\": [{}, null], \"rules\": [{}], \"subjects\": [{}], \"roleRef\": {}, \"subsets\": [{}], \"endpoints\": [{}]}");

  @Test
  void everyStrategySurvivesMalformedObjects() {
    for (ResourceType type : BuiltinResources.all()) {
      for (String body : BODIES) {
        assertThatCode(() -> {
          ObjectNode obj = (ObjectNode) Json.parse(body);
          obj.put("apiVersion", type.apiVersion()).put("kind", type.kind());
          ResourceStrategy s = Strategies.forType(type);
          s.applyDefaults(obj);
          List<FieldError> created = Strategies.validate(type, obj, null);
          assertThat(created).isNotNull();
          ObjectNode old = (ObjectNode) Json.parse(body);
          ObjectNode next = (ObjectNode) Json.parse(body);
          s.applyUpdateDefaults(next, old);
          Strategies.validate(type, next, old);
        }).as(type.kind() + " with " + body).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void anEmptyObjectStillNeedsAName() {
    ObjectNode obj = Json.object();
    ResourceType cm = StrategyTesting.type("", "ConfigMap");
    assertThat(Strategies.validate(cm, obj, null).stream().map(FieldError::message))
        .containsExactly("metadata.name: Required value: name or generateName is required", "metadata.namespace: Required value");
  }
}
