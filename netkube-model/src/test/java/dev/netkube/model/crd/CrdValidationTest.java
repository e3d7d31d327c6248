package dev.netkube.model.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrdValidationTest {
  private static ObjectNode crontab() {
    return Fixtures.yaml(Fixtures.CRONTAB);
  }

  private static List<String> messages(ObjectNode crd) {
    CrdDefaults.apply(crd);
    return CrdValidation.validate(crd, null).stream().map(FieldError::message).toList();
  }

  private static ObjectNode v1(ObjectNode crd) {
    return (ObjectNode) crd.path("spec").path("versions").get(0);
  }

  private static ObjectNode specProps(ObjectNode crd) {
    return (ObjectNode) v1(crd).path("schema").path("openAPIV3Schema").path("properties").path("spec").path("properties");
  }

  @Test
  void defaultsFillNamesConversionAndStoredVersions() {
    ObjectNode crd = crontab();
    CrdDefaults.apply(crd);
    assertThat(crd.path("spec").path("names").path("singular").asText()).isEqualTo("crontab");
    assertThat(crd.path("spec").path("names").path("listKind").asText()).isEqualTo("CronTabList");
    assertThat(crd.path("spec").path("conversion").toString()).isEqualTo("{\"strategy\":\"None\"}");
    assertThat(crd.path("status").path("storedVersions").toString()).isEqualTo("[\"v1\"]");
    assertThat(CrdValidation.validate(crd, null)).isEmpty();
  }

  @Test
  void nameMustBePluralDotGroup() {
    ObjectNode crd = crontab();
    crd.with("metadata").put("name", "crontab.stable.example.com");
    assertThat(messages(crd)).containsExactly(
        "metadata.name: Invalid value: \"crontab.stable.example.com\": must be spec.names.plural+\".\"+spec.group");
  }

  @Test
  void exactlyOneStorageVersion() {
    ObjectNode crd = crontab();
    v1(crd).put("storage", false);
    List<String> m = messages(crd);
    assertThat(m).hasSize(2);
    assertThat(m.get(0)).startsWith("spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{"
        + "apiextensions.CustomResourceDefinitionVersion{Name:\"v1\", Served:true, Storage:false,")
        .endsWith(": must have exactly one version marked as storage version");
    assertThat(m.get(1)).isEqualTo("status.storedVersions: Invalid value: []string(nil): must have at least one stored version");
  }

  @Test
  void schemaIsRequired() {
    ObjectNode crd = crontab();
    v1(crd).remove("schema");
    assertThat(messages(crd)).containsExactly("spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required");
  }

  @Test
  void nonStructuralSchemaIsReportedAtTheHoistedPath() {
    ObjectNode crd = crontab();
    specProps(crd).putObject("foo").put("description", "no type");
    specProps(crd).putObject("list").put("type", "array");
    assertThat(messages(crd)).containsExactly(
        "spec.validation.openAPIV3Schema.properties[spec].properties[foo].type: Required value: "
            + "must not be empty for specified object fields",
        "spec.validation.openAPIV3Schema.properties[spec].properties[list].items: Required value: must be specified");
  }

  @Test
  void differingVersionsAreReportedPerVersion() {
    ObjectNode crd = crontab();
    ObjectNode v2 = v1(crd).deepCopy();
    v2.put("name", "v2").put("storage", false);
    ((ArrayNode) crd.path("spec").path("versions")).add(v2);
    ((ObjectNode) v2.path("schema").path("openAPIV3Schema")).put("type", "string");
    assertThat(messages(crd)).containsExactly(
        "spec.versions[1].schema.openAPIV3Schema.type: Invalid value: \"string\": only \"object\" is allowed as the "
            + "type at the root of the schema if the status subresource is enabled",
        "spec.versions[1].schema.openAPIV3Schema.type: Invalid value: \"string\": must be object at the root");
  }

  @Test
  void scopeAndConversionStrategyAreEnums() {
    ObjectNode crd = crontab();
    crd.with("spec").put("scope", "Global");
    crd.with("spec").putObject("conversion").put("strategy", "Magic");
    assertThat(messages(crd)).containsExactly(
        "spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\"",
        "spec.conversion.strategy: Unsupported value: \"Magic\": supported values: \"None\", \"Webhook\"");
  }

  @Test
  void webhookConversionNeedsClientConfigAndReviewVersions() {
    ObjectNode crd = crontab();
    crd.with("spec").putObject("conversion").put("strategy", "Webhook");
    assertThat(messages(crd)).containsExactly(
        "spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook",
        "spec.conversion.conversionReviewVersions: Required value");
    ObjectNode other = crontab();
    ObjectNode webhook = other.with("spec").putObject("conversion").put("strategy", "Webhook").putObject("webhook");
    webhook.putObject("clientConfig").put("url", "http://example.com/convert");
    webhook.putArray("conversionReviewVersions").add("v2");
    assertThat(messages(other)).containsExactly(
        "spec.conversion.webhookClientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; desired format: https://host[/path]",
        "spec.conversion.conversionReviewVersions: Invalid value: []string{\"v2\"}: must include at least one of v1, v1beta1");
  }

  @Test
  void namesFollowDnsRules() {
    ObjectNode crd = crontab();
    crd.with("spec").with("names").put("plural", "CronTabs").put("listKind", "CronTab");
    crd.with("metadata").put("name", "CronTabs.stable.example.com");
    assertThat(messages(crd)).containsExactly(
        "spec.names.plural: Invalid value: \"CronTabs\": " + CrdValidation.DNS1035,
        "spec.names.listKind: Invalid value: \"CronTab\": kind and listKind may not be the same");
  }

  @Test
  void defaultsMustValidateAgainstTheirSchema() {
    ObjectNode crd = crontab();
    ((ObjectNode) specProps(crd).path("replicas")).put("default", "one");
    assertThat(messages(crd)).containsExactly("spec.validation.openAPIV3Schema.properties[spec].properties[replicas]"
        + ".default: Invalid value: \"string\":  in body must be of type integer: \"string\"");
  }

  @Test
  void forbiddenOpenApiFeatures() {
    ObjectNode crd = crontab();
    ((ObjectNode) specProps(crd).path("tags")).put("uniqueItems", true);
    ObjectNode labels = (ObjectNode) specProps(crd).path("labels");
    labels.putObject("properties").putObject("x").put("type", "string");
    assertThat(messages(crd)).containsExactly(
        "spec.validation.openAPIV3Schema.properties[spec].properties[tags].uniqueItems: Forbidden: "
            + "uniqueItems cannot be set to true since the runtime complexity becomes quadratic",
        "spec.validation.openAPIV3Schema.properties[spec].properties[labels].additionalProperties: Forbidden: "
            + "additionalProperties and properties are mutual exclusive");
  }

  @Test
  void printerColumnsAndScalePaths() {
    ObjectNode crd = crontab();
    ((ObjectNode) v1(crd).path("additionalPrinterColumns").get(0)).put("type", "float").put("jsonPath", "spec.cronSpec");
    ((ObjectNode) v1(crd).path("subresources").path("scale")).put("specReplicasPath", ".status.replicas");
    assertThat(messages(crd)).containsExactly(
        "spec.subresources.scale.specReplicasPath: Invalid value: \".status.replicas\": should be a json path under .spec",
        "spec.additionalPrinterColumns[0].type: Invalid value: \"float\": must be one of boolean,date,integer,number,string",
        "spec.additionalPrinterColumns[0].JSONPath: Invalid value: \"spec.cronSpec\": must be a simple json path starting with .");
  }

  @Test
  void establishedScopeKindGroupAndPluralAreImmutable() {
    ObjectNode old = Fixtures.crontabCrd();
    old.set("status", CrdStatus.accepted(old, Instant.parse("2024-01-01T00:00:00Z")));
    ObjectNode changed = old.deepCopy();
    changed.with("spec").put("scope", "Cluster");
    changed.with("spec").with("names").put("kind", "Cron");
    assertThat(CrdValidation.validate(changed, old).stream().map(FieldError::message)).containsExactly(
        "spec.scope: Invalid value: \"Cluster\": field is immutable",
        "spec.names.kind: Invalid value: \"Cron\": field is immutable");
  }

  @Test
  void protectedGroupsNeedApproval() {
    ObjectNode crd = crontab();
    crd.with("spec").put("group", "stable.k8s.io");
    crd.with("metadata").put("name", "crontabs.stable.k8s.io");
    assertThat(messages(crd)).containsExactly("metadata.annotations[api-approved.kubernetes.io]: Required value: "
        + "protected groups must have approval annotation \"api-approved.kubernetes.io\", "
        + "see https://github.com/kubernetes/enhancements/pull/1111");
  }
}
