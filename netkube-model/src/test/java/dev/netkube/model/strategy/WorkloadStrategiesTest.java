package dev.netkube.model.strategy;

import static dev.netkube.model.strategy.StrategyTesting.create;
import static dev.netkube.model.strategy.StrategyTesting.createErrors;
import static dev.netkube.model.strategy.StrategyTesting.stored;
import static dev.netkube.model.strategy.StrategyTesting.update;
import static dev.netkube.model.strategy.StrategyTesting.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import org.junit.jupiter.api.Test;

class WorkloadStrategiesTest {
  private static ObjectNode deployment(String selectorLabels, String templateLabels) {
    return yaml("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default}\nspec:\n"
        + "  selector: {matchLabels: " + selectorLabels + "}\n"
        + "  template:\n    metadata: {labels: " + templateLabels + "}\n"
        + "    spec: {containers: [{name: nginx, image: nginx:1.25, ports: [{containerPort: 80}]}]}\n");
  }

  @Test
  void deploymentDefaultsAsUpstream() {
    ObjectNode d = deployment("{app: web}", "{app: web}");
    assertThat(create(d)).isEmpty();
    assertThat(Json.text(d.get("spec").get("strategy")))
        .isEqualTo("{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"}}");
    assertThat(d.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(d.at("/spec/revisionHistoryLimit").asInt()).isEqualTo(10);
    assertThat(d.at("/spec/progressDeadlineSeconds").asInt()).isEqualTo(600);
    assertThat(Json.text(d.at("/spec/template/spec"))).isEqualTo("{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.25\","
        + "\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"}],\"imagePullPolicy\":\"IfNotPresent\","
        + "\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"resources\":{}}],"
        + "\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"securityContext\":{},"
        + "\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\"}");
  }

  @Test
  void selectorMustMatchTemplateLabels() {
    ObjectNode d = deployment("{app: web}", "{app: api}");
    assertThat(create(d)).containsExactly("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api\"}: "
        + "`selector` does not match template `labels`");
    assertThat(ApiException.invalid("apps", "Deployment", "web", createErrors(deployment("{app: web}", "{app: api}")))
        .getMessage()).isEqualTo("Deployment.apps \"web\" is invalid: spec.template.metadata.labels: Invalid value: "
        + "map[string]string{\"app\":\"api\"}: `selector` does not match template `labels`");
  }

  @Test
  void selectorIsRequiredAndMayNotBeEmpty() {
    ObjectNode d = deployment("{app: web}", "{app: web}");
    ((ObjectNode) d.get("spec")).remove("selector");
    assertThat(create(d)).containsExactly("spec.selector: Required value");
    ObjectNode e = deployment("{}", "{app: web}");
    assertThat(create(e)).containsExactly("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, "
        + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment");
  }

  @Test
  void selectorIsImmutable() {
    ObjectNode old = stored(deployment("{app: web}", "{app: web, tier: a}"));
    ObjectNode changed = old.deepCopy();
    ((ObjectNode) changed.at("/spec/selector/matchLabels")).put("tier", "a");
    assertThat(update(changed, old)).containsExactly("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:"
        + "map[string]string{\"app\":\"web\", \"tier\":\"a\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
  }

  @Test
  void rollingUpdateMayNotBlockProgress() {
    ObjectNode d = deployment("{app: web}", "{app: web}");
    d.with("spec").putObject("strategy").put("type", "RollingUpdate").putObject("rollingUpdate").put("maxUnavailable", 0).put("maxSurge", 0);
    assertThat(create(d)).containsExactly("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "
        + "intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0");
  }

  @Test
  void templateRestartPolicyMustBeAlways() {
    ObjectNode d = deployment("{app: web}", "{app: web}");
    ((ObjectNode) d.at("/spec/template/spec")).put("restartPolicy", "Never");
    assertThat(create(d)).containsExactly(
        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
  }

  @Test
  void daemonSetAndStatefulSetDefaults() {
    ObjectNode ds = yaml("apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: kube-system}\nspec:\n"
        + "  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n"
        + "    spec: {containers: [{name: a, image: agent}]}\n");
    assertThat(create(ds)).isEmpty();
    assertThat(Json.text(ds.at("/spec/updateStrategy")))
        .isEqualTo("{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":1,\"maxSurge\":0}}");
    assertThat(ds.at("/spec/template/spec/containers/0/imagePullPolicy").asText()).isEqualTo("Always");

    ObjectNode sts = yaml("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: default}\nspec:\n"
        + "  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n"
        + "    spec: {containers: [{name: db, image: postgres:16}]}\n");
    assertThat(create(sts)).isEmpty();
    assertThat(sts.at("/spec/podManagementPolicy").asText()).isEqualTo("OrderedReady");
    assertThat(Json.text(sts.at("/spec/updateStrategy"))).isEqualTo("{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":0}}");
    assertThat(Json.text(sts.at("/spec/persistentVolumeClaimRetentionPolicy")))
        .isEqualTo("{\"whenDeleted\":\"Retain\",\"whenScaled\":\"Retain\"}");
  }

  @Test
  void statefulSetSpecIsMostlyImmutable() {
    ObjectNode old = stored(yaml("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: default}\nspec:\n"
        + "  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n"
        + "    spec: {containers: [{name: db, image: postgres:16}]}\n"));
    ObjectNode changed = old.deepCopy();
    ((ObjectNode) changed.get("spec")).put("serviceName", "other").put("replicas", 3);
    assertThat(update(changed, old)).containsExactly("spec: Forbidden: updates to statefulset spec for fields other than "
        + "'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
  }

  @Test
  void jobGetsAGeneratedSelectorAndNeedsOnFailureOrNever() {
    ObjectNode job = yaml("apiVersion: batch/v1\nkind: Job\nmetadata: {name: pi, namespace: default, uid: abc-123}\nspec:\n"
        + "  template:\n    spec: {restartPolicy: Never, containers: [{name: pi, image: perl}]}\n");
    assertThat(create(job)).isEmpty();
    assertThat(Json.text(job.at("/spec/selector"))).isEqualTo("{\"matchLabels\":{\"batch.kubernetes.io/controller-uid\":\"abc-123\"}}");
    assertThat(job.at("/spec/template/metadata/labels/job-name").asText()).isEqualTo("pi");
    assertThat(job.at("/spec/backoffLimit").asInt()).isEqualTo(6);
    assertThat(job.at("/spec/completions").asInt()).isEqualTo(1);
    assertThat(job.at("/spec/completionMode").asText()).isEqualTo("NonIndexed");

    ObjectNode always = yaml("apiVersion: batch/v1\nkind: Job\nmetadata: {name: pi, namespace: default, uid: abc-123}\nspec:\n"
        + "  template:\n    spec: {containers: [{name: pi, image: perl}]}\n");
    assertThat(create(always)).containsExactly("spec.template.spec.restartPolicy: Unsupported value: \"Always\": "
        + "supported values: \"OnFailure\", \"Never\"");
  }

  @Test
  void cronJobScheduleIsChecked() {
    ObjectNode cj = yaml("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: tick, namespace: default}\nspec:\n"
        + "  schedule: \"*/5 * * *\"\n  jobTemplate:\n    spec:\n      template:\n"
        + "        spec: {restartPolicy: OnFailure, containers: [{name: t, image: busybox}]}\n");
    assertThat(create(cj)).containsExactly("spec.schedule: Invalid value: \"*/5 * * *\": expected exactly 5 fields, found 4: [*/5 * * *]");
    assertThat(cj.at("/spec/concurrencyPolicy").asText()).isEqualTo("Allow");
    assertThat(cj.at("/spec/successfulJobsHistoryLimit").asInt()).isEqualTo(3);
    assertThat(cj.at("/spec/failedJobsHistoryLimit").asInt()).isEqualTo(1);
  }
}
