package dev.netkube.apiserver.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.netkube.model.Json;
import org.junit.jupiter.api.Test;

class DeletionConditionsTest {
  private static JsonNode find(ArrayNode conditions, String type) {
    for (JsonNode c : conditions) if (c.path("type").asText().equals(type)) return c;
    throw new AssertionError(type);
  }

  @Test
  void remainingContentAndFinalizersAreWordedAsUpstream() throws Exception {
    DeletionConditions.Tally tally = new DeletionConditions.Tally();
    tally.remains("configmaps", "", Json.parse("{\"metadata\":{\"finalizers\":[\"example/test\"]}}"));
    tally.remains("pods", "", Json.parse("{\"metadata\":{}}"));
    tally.remains("pods", "", Json.parse("{\"metadata\":{}}"));
    ArrayNode c = DeletionConditions.conditions(Json.array(), tally, "2026-11-25T05:00:00Z");

    assertThat(find(c, "NamespaceContentRemaining").path("message").asText())
        .isEqualTo("Some resources are remaining: configmaps. has 1 resource instances, pods. has 2 resource instances");
    assertThat(find(c, "NamespaceContentRemaining").path("reason").asText()).isEqualTo("SomeResourcesRemain");
    assertThat(find(c, "NamespaceFinalizersRemaining").path("message").asText())
        .isEqualTo("Some content in the namespace has finalizers remaining: example/test in 1 resource instances");
    assertThat(find(c, "NamespaceDeletionContentFailure").path("status").asText()).isEqualTo("False");

    ArrayNode later = DeletionConditions.conditions(c, tally, "2026-11-25T05:01:00Z");
    assertThat(later).as("nothing changed: same times").isEqualTo(c);
  }
}
