package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.awaitility.Awaitility;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A CRD defined, its objects served at once, printed with its columns, checked against its schema. */
class CustomResourceE2ETest extends ClusterTestBase {
  static final String CRD = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: crontabs.stable.example.com
      spec:
        group: stable.example.com
        versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    cronSpec:
                      type: string
                    image:
                      type: string
                    replicas:
                      type: integer
                      minimum: 1
          additionalPrinterColumns:
          - name: Spec
            type: string
            description: The cron spec defining the interval a CronJob is run
            jsonPath: .spec.cronSpec
          - name: Replicas
            type: integer
            jsonPath: .spec.replicas
          - name: Age
            type: date
            jsonPath: .metadata.creationTimestamp
        scope: Namespaced
        names:
          plural: crontabs
          singular: crontab
          kind: CronTab
          shortNames:
          - ct
      """;


  @Override
  protected void afterStart() {
    kubectl.runWithInput(CRD, "apply", "-f", "-").ok();
  }

  @Test
  void crdIsEstablishedAndItsObjectsPrintWithTheirColumns() {
    assertThat(kubectl.run("get", "crd", "crontabs.stable.example.com", "-o",
        "jsonpath={.status.conditions[?(@.type==\"Established\")].status}").ok().out()).isEqualTo("True");
    String created = kubectl.runWithInput("apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: my-cron\n"
        + "spec:\n  cronSpec: \"* * * * */5\"\n  image: my-awesome-cron-image\n  replicas: 2\n", "apply", "-f", "-").ok().out();
    assertThat(created).isEqualTo("crontab.stable.example.com/my-cron created\n");
    String table = kubectl.run("get", "ct").ok().out();
    assertThat(table.lines().findFirst().orElseThrow()).matches("NAME\\s+SPEC\\s+REPLICAS\\s+AGE");
    assertThat(table).containsPattern("my-cron\\s+\\* \\* \\* \\* \\*/5\\s+2\\s+\\d+s");
  }

  @Test
  void objectsBreakingTheSchemaAreRefused() {
    Kubectl.Result r = kubectl.runWithInput("apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: bad\n"
        + "spec:\n  replicas: three\n", "apply", "-f", "-");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("The CronTab \"bad\" is invalid: spec.replicas: Invalid value: \"string\": "
        + "spec.replicas in body must be of type integer: \"string\"");
    Kubectl.Result low = kubectl.runWithInput("apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: low\n"
        + "spec:\n  replicas: 0\n", "apply", "-f", "-");
    assertThat(low.err()).contains("spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1");
  }

  @Test
  void deletingTheCrdRemovesItsObjects() {
    String other = CRD.replace("crontabs", "backups").replace("crontab", "backup").replace("CronTab", "Backup")
        .replace("- ct", "- bk");
    kubectl.runWithInput(other, "apply", "-f", "-").ok();
    kubectl.runWithInput("apiVersion: stable.example.com/v1\nkind: Backup\nmetadata:\n  name: nightly\n", "apply", "-f", "-")
        .ok();
    kubectl.run("delete", "crd", "backups.stable.example.com").ok();
    Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(kubectl.run("get", "crd", "backups.stable.example.com").err()).contains("not found"));
  }

  @Test
  void reapplyingACrdKeepsItsCleanupFinalizerValid() {
    // The server adds customresourcecleanup.apiextensions.k8s.io; apiextensions' rules accept it on update.
    assertThat(kubectl.runWithInput(CRD, "apply", "-f", "-").ok().out())
        .isEqualTo("customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com unchanged\n");
    assertThat(kubectl.runWithInput(CRD.replace("- ct", "- ct\n    - ctab"), "apply", "-f", "-").ok().out())
        .isEqualTo("customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com configured\n");
  }
}
