package dev.netkube.model.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.table.Column;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CustomResourceTablePrinterTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  @Test
  void crontabColumnsAreNamePlusPrinterColumns() {
    CustomResourceTablePrinter p = CustomResourceTablePrinter.forVersion(Fixtures.crontabCrd(), "v1");
    assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Spec", "Image", "Replicas", "Age");
    assertThat(p.columns().get(0)).isEqualTo(
        new Column("Name", "string", "name", CustomResourceTablePrinter.NAME_DESCRIPTION, 0));
    assertThat(p.columns().get(1).description())
        .isEqualTo("Custom resource definition column (in JSONPath format): .spec.cronSpec");
    ObjectNode ct = Fixtures.yaml("""
        apiVersion: stable.example.com/v1
        kind: CronTab
        metadata: {name: my-new-cron-object, creationTimestamp: "2024-05-01T11:57:00Z"}
        spec: {cronSpec: '* * * * */5', image: my-awesome-cron-image, replicas: 3}
        """);
    assertThat(p.cells(ct, NOW)).containsExactly("my-new-cron-object", "* * * * */5", "my-awesome-cron-image", 3L, "3m");
  }

  @Test
  void missingValuesAreNullAndBadDatesInvalid() {
    CustomResourceTablePrinter p = CustomResourceTablePrinter.forVersion(Fixtures.crontabCrd(), "v1");
    ObjectNode ct = Fixtures.yaml("""
        metadata: {name: x, creationTimestamp: yesterday}
        spec: {replicas: "3"}
        """);
    assertThat(p.cells(ct, NOW)).containsExactly("x", null, null, null, "<invalid>");
  }

  @Test
  void versionWithoutColumnsGetsAge() {
    ObjectNode crd = Fixtures.crontabCrd();
    ((ObjectNode) crd.path("spec").path("versions").get(0)).remove("additionalPrinterColumns");
    CustomResourceTablePrinter p = CustomResourceTablePrinter.forVersion(crd, "v1");
    assertThat(p.columns()).extracting(Column::name, Column::type).containsExactly(
        org.assertj.core.groups.Tuple.tuple("Name", "string"), org.assertj.core.groups.Tuple.tuple("Age", "date"));
    ObjectNode ct = Fixtures.yaml("metadata: {name: x, creationTimestamp: '2024-04-20T12:00:00Z'}");
    assertThat(p.cells(ct, NOW)).containsExactly("x", "11d");
  }

  @Test
  void filterPathsPriorityAndTypes() {
    ObjectNode crd = Fixtures.yaml("""
        spec:
          group: example.com
          names: {kind: Widget, plural: widgets}
          versions:
          - name: v1
            additionalPrinterColumns:
            - {name: Ready, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status'}
            - {name: Ratio, type: number, jsonPath: .status.ratio, priority: 1}
            - {name: Enabled, type: boolean, jsonPath: .spec.enabled}
            - {name: Count, type: integer, jsonPath: .status.count}
        """);
    CustomResourceTablePrinter p = CustomResourceTablePrinter.forVersion(crd, "v1");
    assertThat(p.columns().get(2).priority()).isEqualTo(1);
    ObjectNode w = Fixtures.yaml("""
        metadata: {name: w}
        spec: {enabled: true}
        status:
          ratio: 2
          count: 7.9
          conditions: [{type: Synced, status: "False"}, {type: Ready, status: "True"}]
        """);
    assertThat(p.cells(w, NOW)).isEqualTo(Arrays.asList("w", "True", 2.0, true, 7L));
  }

  @Test
  void humanDurationMatchesApimachinery() {
    assertThat(dev.netkube.model.table.HumanDuration.format(java.time.Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(dev.netkube.model.table.HumanDuration.format(java.time.Duration.ofSeconds(125))).isEqualTo("2m5s");
    assertThat(dev.netkube.model.table.HumanDuration.format(java.time.Duration.ofMinutes(150))).isEqualTo("150m");
    assertThat(dev.netkube.model.table.HumanDuration.format(java.time.Duration.ofMinutes(200))).isEqualTo("3h20m");
    assertThat(dev.netkube.model.table.HumanDuration.format(java.time.Duration.ofHours(30))).isEqualTo("30h");
    assertThat(dev.netkube.model.table.HumanDuration.format(java.time.Duration.ofHours(50))).isEqualTo("2d2h");
    assertThat(dev.netkube.model.table.HumanDuration.format(java.time.Duration.ofDays(400))).isEqualTo("400d");
    assertThat(dev.netkube.model.table.HumanDuration.format(java.time.Duration.ofDays(800))).isEqualTo("2y70d");
    assertThat(dev.netkube.model.table.HumanDuration.format(java.time.Duration.ofSeconds(-5))).isEqualTo("<invalid>");
  }
}
