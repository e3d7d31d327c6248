package dev.netkube.model.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.ResourceType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrdStatusTest {
  @Test
  void acceptedStatusAsUpstreamControllersWriteIt() {
    ObjectNode crd = Fixtures.crontabCrd();
    ObjectNode status = CrdStatus.accepted(crd, Instant.parse("2024-05-01T12:00:00.123Z"));
    assertThat(status.toString()).isEqualTo("{\"conditions\":["
        + "{\"type\":\"NamesAccepted\",\"status\":\"True\",\"lastTransitionTime\":\"2024-05-01T12:00:00Z\","
        + "\"reason\":\"NoConflicts\",\"message\":\"no conflicts found\"},"
        + "{\"type\":\"Established\",\"status\":\"True\",\"lastTransitionTime\":\"2024-05-01T12:00:00Z\","
        + "\"reason\":\"InitialNamesAccepted\",\"message\":\"the initial names have been accepted\"}],"
        + "\"acceptedNames\":{\"plural\":\"crontabs\",\"singular\":\"crontab\",\"shortNames\":[\"ct\"],"
        + "\"kind\":\"CronTab\",\"listKind\":\"CronTabList\"},\"storedVersions\":[\"v1\"]}");
  }

  @Test
  void laterUpdateKeepsTransitionTimesAndStoredVersions() {
    ObjectNode crd = Fixtures.crontabCrd();
    crd.set("status", CrdStatus.accepted(crd, Instant.parse("2024-05-01T12:00:00Z")));
    ObjectNode v2 = ((ObjectNode) crd.path("spec").path("versions").get(0)).deepCopy().put("name", "v2");
    ((ObjectNode) crd.path("spec").path("versions").get(0)).put("storage", false);
    crd.withArray("/spec/versions").add(v2);
    ObjectNode status = CrdStatus.accepted(crd, Instant.parse("2024-06-01T00:00:00Z"));
    assertThat(status.path("conditions").get(1).path("lastTransitionTime").asText()).isEqualTo("2024-05-01T12:00:00Z");
    assertThat(status.path("storedVersions").toString()).isEqualTo("[\"v1\",\"v2\"]");
  }

  @Test
  void typesOfServedVersions() {
    ObjectNode crd = Fixtures.crontabCrd();
    ObjectNode v2 = ((ObjectNode) crd.path("spec").path("versions").get(0)).deepCopy().put("name", "v2")
        .put("storage", false).put("served", false);
    crd.withArray("/spec/versions").add(v2);
    List<ResourceType> types = CrdResources.types(crd);
    assertThat(types).containsExactly(new ResourceType("stable.example.com", "v1", "CronTab", "crontabs", "crontab",
        true, List.of("ct"), List.of(), Set.of("status", "scale"), ResourceType.ALL_VERBS));
  }

  @Test
  void crdStrategyResetsStatusOnCreateAndTracksStoredVersions() {
    ObjectNode crd = Fixtures.yaml(Fixtures.CRONTAB);
    crd.putObject("status").putArray("storedVersions").add("v0");
    CrdStrategy.INSTANCE.prepareForCreate(crd);
    CrdStrategy.INSTANCE.applyDefaults(crd);
    assertThat(CrdStrategy.INSTANCE.validateCreate(crd)).isEmpty();
    assertThat(crd.path("status").toString()).isEqualTo("{\"storedVersions\":[\"v1\"]}");
    assertThat(crd.path("metadata").path("generation").asLong()).isEqualTo(1);

    crd.set("status", CrdStatus.accepted(crd, Instant.parse("2024-05-01T12:00:00Z")));
    ObjectNode update = crd.deepCopy();
    update.remove("status");
    ObjectNode v2 = ((ObjectNode) update.path("spec").path("versions").get(0)).deepCopy().put("name", "v2");
    ((ObjectNode) update.path("spec").path("versions").get(0)).put("storage", false);
    update.withArray("/spec/versions").add(v2);
    CrdStrategy.INSTANCE.prepareForUpdate(update, crd);
    assertThat(update.path("status").path("conditions").size()).isEqualTo(2);
    assertThat(update.path("status").path("storedVersions").toString()).isEqualTo("[\"v1\",\"v2\"]");
    assertThat(update.path("metadata").path("generation").asLong()).isEqualTo(2);
    assertThat(CrdStrategy.INSTANCE.validateUpdate(update, crd)).isEmpty();
  }

  @Test
  void schemaViewOfAVersion() {
    ObjectNode crd = Fixtures.crontabCrd();
    assertThat(CrdResources.schema(crd, "v1").property("spec").orElseThrow().property("replicas").orElseThrow().type())
        .isEqualTo("integer");
    assertThat(CrdResources.schema(crd, "v9").isAny()).isTrue();
  }
}
