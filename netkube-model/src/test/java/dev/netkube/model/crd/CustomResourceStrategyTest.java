package dev.netkube.model.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.api.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomResourceStrategyTest {
  private final ObjectNode crd = Fixtures.crontabCrd();
  private final CustomResourceStrategy strategy = CustomResourceStrategy.forVersion(crd, "v1");

  private static ObjectNode cronTab(String spec) {
    return Fixtures.yaml("""
        apiVersion: stable.example.com/v1
        kind: CronTab
        metadata: {name: my-new-cron-object, namespace: default}
        spec: %s
        """.formatted(spec));
  }

  private List<String> messages(ObjectNode object) {
    strategy.applyDefaults(object);
    return strategy.validateCreate(object).stream().map(FieldError::message).toList();
  }

  @Test
  void validObjectGetsDefaultsAndPasses() {
    ObjectNode ct = cronTab("{cronSpec: '* * * * */5', image: my-awesome-cron-image}");
    assertThat(messages(ct)).isEmpty();
    assertThat(ct.path("spec").toString())
        .isEqualTo("{\"cronSpec\":\"* * * * */5\",\"image\":\"my-awesome-cron-image\",\"replicas\":1,\"policy\":\"Allow\"}");
  }

  @Test
  void wrongTypeIsReportedAsUpstreamDoes() {
    // the scale subresource reads .spec.replicas too, and upstream reports its failure as well
    assertThat(messages(cronTab("{cronSpec: '* * * * */5', replicas: abc}"))).containsExactly(
        "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"",
        ".spec.replicas: Invalid value: 0: .spec.replicas accessor error: abc is of the type string, expected int64");
    assertThat(messages(cronTab("{cronSpec: '* * * * */5', image: {a: 1}}"))).containsExactly(
        "spec.image: Invalid value: \"object\": spec.image in body must be of type string: \"object\"");
  }

  @Test
  void boundsPatternEnumRequired() {
    assertThat(messages(cronTab("{cronSpec: '* * * * */5', replicas: 0}"))).containsExactly(
        "spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1");
    assertThat(messages(cronTab("{cronSpec: '* * * * */5', replicas: 11}"))).containsExactly(
        "spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10");
    assertThat(messages(cronTab("{cronSpec: bad}"))).containsExactly(
        "spec.cronSpec: Invalid value: \"bad\": spec.cronSpec in body should match "
            + "'^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'");
    assertThat(messages(cronTab("{cronSpec: '* * * * */5', policy: Maybe}"))).containsExactly(
        "spec.policy: Unsupported value: \"Maybe\": supported values: \"Allow\", \"Forbid\"");
    assertThat(messages(cronTab("{image: x}"))).containsExactly("spec.cronSpec: Required value");
  }

  @Test
  void arraysAndStrings() {
    assertThat(messages(cronTab("{cronSpec: '* * * * */5', tags: [a, b, c]}"))).containsExactly(
        "spec.tags: Too many: 3: must have at most 2 items");
    assertThat(messages(cronTab("{cronSpec: '* * * * */5', tags: [toolong]}"))).containsExactly(
        "spec.tags[0]: Too long: may not be more than 5 bytes");
  }

  @Test
  void intOrStringAndNullable() {
    assertThat(messages(cronTab("{cronSpec: '* * * * */5', port: 80}"))).isEmpty();
    assertThat(messages(cronTab("{cronSpec: '* * * * */5', port: http}"))).isEmpty();
    assertThat(messages(cronTab("{cronSpec: '* * * * */5', port: true}"))).containsExactly(
        "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\"");
    ObjectNode ct = cronTab("{cronSpec: '* * * * */5', note: null, image: null, replicas: null}");
    assertThat(messages(ct)).isEmpty();
    // nullable keeps null; a non-nullable null with a default is defaulted, without one it is dropped
    assertThat(ct.path("spec").has("note")).isTrue();
    assertThat(ct.path("spec").has("image")).isFalse();
    assertThat(ct.path("spec").path("replicas").asInt()).isEqualTo(1);
  }

  @Test
  void pruningKeepsKnownPreservedAndMapFields() {
    ObjectNode ct = cronTab("{cronSpec: '* * * * */5', bogus: 1, labels: {a: b}, raw: {anything: {deep: 1}}}");
    ct.put("extra", "x");
    assertThat(strategy.prune(ct)).containsExactly("spec.bogus", "extra");
    assertThat(ct.path("spec").toString())
        .isEqualTo("{\"cronSpec\":\"* * * * */5\",\"labels\":{\"a\":\"b\"},\"raw\":{\"anything\":{\"deep\":1}}}");
    assertThat(ct.path("metadata").path("name").asText()).isEqualTo("my-new-cron-object");
  }

  @Test
  void kindAndApiVersionMustMatch() {
    ObjectNode ct = cronTab("{cronSpec: '* * * * */5'}");
    ct.put("kind", "Other");
    assertThat(messages(ct)).containsExactly("kind: Invalid value: \"Other\": must be CronTab");
  }

  @Test
  void scaleReplicasPathIsCheckedAsUpstream() {
    ObjectNode ct = cronTab("{cronSpec: '* * * * */5', replicas: 2}");
    ct.putObject("status").put("replicas", -1);
    assertThat(strategy.validateStatusUpdate(ct, ct.deepCopy()).stream().map(FieldError::message))
        .containsExactly(".status.replicas: Invalid value: -1: should be a non-negative integer");
  }

  @Test
  void statusSubresourceSplitsWrites() {
    ObjectNode created = cronTab("{cronSpec: '* * * * */5'}");
    created.putObject("status").put("replicas", 3);
    strategy.prepareForCreate(created);
    assertThat(created.has("status")).isFalse();
    assertThat(created.path("metadata").path("generation").asLong()).isEqualTo(1);

    ObjectNode stored = created.deepCopy();
    stored.putObject("status").put("replicas", 1);

    ObjectNode labelOnly = stored.deepCopy();
    labelOnly.with("metadata").putObject("labels").put("a", "b");
    labelOnly.with("status").put("replicas", 9);
    strategy.prepareForUpdate(labelOnly, stored);
    assertThat(labelOnly.path("status").path("replicas").asInt()).isEqualTo(1);
    assertThat(labelOnly.path("metadata").path("generation").asLong()).isEqualTo(1);

    ObjectNode specChange = stored.deepCopy();
    specChange.with("spec").put("image", "new");
    strategy.prepareForUpdate(specChange, stored);
    assertThat(specChange.path("metadata").path("generation").asLong()).isEqualTo(2);

    ObjectNode statusWrite = stored.deepCopy();
    statusWrite.with("spec").put("image", "ignored");
    statusWrite.with("metadata").putObject("labels").put("ignored", "yes");
    statusWrite.with("status").put("replicas", 5);
    strategy.prepareForStatusUpdate(statusWrite, stored);
    assertThat(statusWrite.path("spec")).isEqualTo(stored.path("spec"));
    assertThat(statusWrite.path("metadata").has("labels")).isFalse();
    assertThat(statusWrite.path("status").path("replicas").asInt()).isEqualTo(5);
    assertThat(statusWrite.path("metadata").path("generation").asLong()).isEqualTo(1);
  }

  @Test
  void statusValidationUsesRelativeNamesUnderStatus() {
    ObjectNode ct = cronTab("{cronSpec: '* * * * */5'}");
    ct.putObject("status").put("replicas", "many");
    assertThat(strategy.validateStatusUpdate(ct, ct.deepCopy()).stream().map(FieldError::message)).containsExactly(
        "status.replicas: Invalid value: \"string\": replicas in body must be of type integer: \"string\"",
        ".status.replicas: Invalid value: 0: .status.replicas accessor error: many is of the type string, expected int64");
  }

  @Test
  void errorsBecomeAnInvalidStatusAsKubectlShowsIt() {
    ObjectNode ct = cronTab("{cronSpec: '* * * * */5', replicas: abc}");
    strategy.applyDefaults(ct);
    List<FieldError> errs = strategy.validateCreate(ct);
    ApiException e = ApiException.invalid("stable.example.com", "CronTab", "my-new-cron-object", errs.subList(0, 1));
    assertThat(e.getMessage()).isEqualTo("CronTab.stable.example.com \"my-new-cron-object\" is invalid: "
        + "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"");
  }

  @Test
  void updateRatchetsUnchangedInvalidValues() {
    ObjectNode stored = cronTab("{cronSpec: bad, image: x}");
    ObjectNode update = stored.deepCopy();
    update.with("spec").put("image", "y");
    assertThat(strategy.validateUpdate(update, stored)).isEmpty();
    update.with("spec").put("cronSpec", "worse");
    assertThat(strategy.validateUpdate(update, stored).stream().map(FieldError::message)).containsExactly(
        "spec.cronSpec: Invalid value: \"worse\": spec.cronSpec in body should match "
            + "'^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'");
  }

  @Test
  void anyOfFailuresAreReportedOnTheRootPathAsUpstream() {
    ObjectNode crd = Fixtures.crontabCrd();
    ObjectNode port = (ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/port");
    port.putArray("anyOf").add(Fixtures.yaml("{type: integer}")).add(Fixtures.yaml("{type: string}"));
    CustomResourceStrategy s = CustomResourceStrategy.forVersion(crd, "v1");
    ObjectNode ct = cronTab("{cronSpec: '* * * * */5', port: true}");
    assertThat(s.validateCreate(ct).stream().map(FieldError::message)).containsExactly(
        "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\"",
        "Invalid value: \"\": \"spec.port\" must validate at least one schema (anyOf)",
        "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer: \"boolean\"");
    assertThat(s.validateCreate(cronTab("{cronSpec: '* * * * */5', port: 8080}"))).isEmpty();
  }

  @Test
  void listSetsAndMapsMustBeUnique() {
    ObjectNode crd = Fixtures.crontabCrd();
    ObjectNode props = (ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");
    ((ObjectNode) props.get("tags")).put("x-kubernetes-list-type", "set").put("maxItems", 5);
    props.set("ports", Fixtures.yaml("""
        type: array
        x-kubernetes-list-type: map
        x-kubernetes-list-map-keys: [port]
        items: {type: object, required: [port], properties: {port: {type: integer}, name: {type: string}}}
        """));
    assertThat(CrdValidation.validate(crd, null)).isEmpty();
    CustomResourceStrategy s = CustomResourceStrategy.forVersion(crd, "v1");
    ObjectNode ct = cronTab("{cronSpec: '* * * * */5', tags: [a, b, a, a], ports: [{port: 80}, {port: 443}, {port: 80, name: x}]}");
    assertThat(s.validateCreate(ct).stream().map(FieldError::message)).containsExactly(
        "spec.tags[2]: Duplicate value: \"a\"",
        "spec.ports[2]: Duplicate value: map[string]interface {}{\"port\":80}");
  }
}
