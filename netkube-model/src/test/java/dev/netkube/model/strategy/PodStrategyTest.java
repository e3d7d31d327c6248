package dev.netkube.model.strategy;

import static dev.netkube.model.strategy.StrategyTesting.create;
import static dev.netkube.model.strategy.StrategyTesting.stored;
import static dev.netkube.model.strategy.StrategyTesting.update;
import static dev.netkube.model.strategy.StrategyTesting.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class PodStrategyTest {
  private static ObjectNode pod(String spec) {
    return yaml("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: default}\nspec:\n" + spec);
  }

  @Test
  void defaultsAPodAsTheApiServerReturnsIt() {
    ObjectNode p = pod("  containers: [{name: c, image: nginx}]\n");
    assertThat(create(p)).isEmpty();
    assertThat(p.at("/spec/restartPolicy").asText()).isEqualTo("Always");
    assertThat(p.at("/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(30);
    assertThat(p.at("/spec/dnsPolicy").asText()).isEqualTo("ClusterFirst");
    assertThat(p.at("/spec/schedulerName").asText()).isEqualTo("default-scheduler");
    assertThat(p.at("/spec/securityContext").isObject()).isTrue();
    assertThat(p.at("/spec/enableServiceLinks").asBoolean()).isTrue();
    assertThat(p.at("/spec/priority").asInt()).isZero();
    assertThat(p.at("/spec/preemptionPolicy").asText()).isEqualTo("PreemptLowerPriority");
    assertThat(p.at("/spec/serviceAccountName").asText()).isEqualTo("default");
    assertThat(p.at("/spec/containers/0/imagePullPolicy").asText()).isEqualTo("Always");
    assertThat(p.at("/spec/containers/0/terminationMessagePath").asText()).isEqualTo("/dev/termination-log");
    assertThat(p.at("/spec/containers/0/terminationMessagePolicy").asText()).isEqualTo("File");
    assertThat(p.at("/status/phase").asText()).isEqualTo("Pending");
    assertThat(p.at("/status/qosClass").asText()).isEqualTo("BestEffort");
  }

  @Test
  void defaultTolerationSecondsAddsNotReadyAndUnreachableOnCreateOnly() {
    ObjectNode p = pod("  containers: [{name: c, image: nginx}]\n"
        + "  tolerations: [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 5}]\n");
    assertThat(create(p)).isEmpty();
    assertThat(p.at("/spec/tolerations").toString()).isEqualTo("[{\"key\":\"node.kubernetes.io/unreachable\","
        + "\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":5},"
        + "{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}]");
    ObjectNode all = pod("  containers: [{name: c, image: nginx}]\n  tolerations: [{operator: Exists}]\n");
    assertThat(create(all)).isEmpty();
    assertThat(all.at("/spec/tolerations").size()).isEqualTo(1);
    ObjectNode plain = pod("  containers: [{name: c, image: nginx}]\n");
    assertThat(create(plain)).isEmpty();
    assertThat(plain.at("/spec/tolerations/0/key").asText()).isEqualTo("node.kubernetes.io/not-ready");
    assertThat(plain.at("/spec/tolerations/1/key").asText()).isEqualTo("node.kubernetes.io/unreachable");
    assertThat(plain.at("/spec/tolerations/1/tolerationSeconds").asInt()).isEqualTo(300);
  }

  @Test
  void pullPolicyFollowsTheTag() {
    assertThat(PodSpecs.pullPolicyFor("nginx")).isEqualTo("Always");
    assertThat(PodSpecs.pullPolicyFor("nginx:latest")).isEqualTo("Always");
    assertThat(PodSpecs.pullPolicyFor("nginx:1.25")).isEqualTo("IfNotPresent");
    assertThat(PodSpecs.pullPolicyFor("localhost:5000/app")).isEqualTo("Always");
    assertThat(PodSpecs.pullPolicyFor("registry.k8s.io/pause@sha256:abcd")).isEqualTo("IfNotPresent");
  }

  @Test
  void containersRequired() {
    assertThat(create(pod("  restartPolicy: Always\n"))).containsExactly("spec.containers: Required value");
  }

  @Test
  void containerNamesUniqueLabelsAndImageRequired() {
    assertThat(create(pod("  containers: [{name: c, image: a}, {name: c}, {name: C_1, image: b}]\n"))).containsExactly(
        "spec.containers[1].name: Duplicate value: \"c\"",
        "spec.containers[1].image: Required value",
        "spec.containers[2].name: Invalid value: \"C_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
            + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
  }

  @Test
  void containerPortsAndEnv() {
    assertThat(create(pod("  containers: [{name: c, image: a, ports: [{containerPort: 0}, {containerPort: 80, name: HTTP, "
        + "protocol: TCPX}], env: [{name: \"A=B\", value: x}]}]\n"))).containsExactly(
        "spec.containers[0].ports[0].containerPort: Required value",
        "spec.containers[0].ports[1].name: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
        "spec.containers[0].ports[1].name: Invalid value: \"HTTP\": must contain at least one letter (a-z)",
        "spec.containers[0].ports[1].protocol: Unsupported value: \"TCPX\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
        "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of "
            + "printable ASCII characters other than '='");
  }

  @Test
  void restartPolicyEnumAndVolumes() {
    assertThat(create(pod("  restartPolicy: Sometimes\n  volumes: [{name: v}, {name: v}]\n"
        + "  containers: [{name: c, image: a, volumeMounts: [{name: w, mountPath: /w}]}]\n"))).containsExactly(
        "spec.volumes[1].name: Duplicate value: \"v\"",
        "spec.containers[0].volumeMounts[0].name: Not found: \"w\"",
        "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"");
  }

  @Test
  void specIsImmutableExceptImages() {
    ObjectNode old = stored(pod("  containers: [{name: c, image: nginx:1}]\n"));
    ObjectNode image = old.deepCopy();
    ((ObjectNode) image.at("/spec/containers/0")).put("image", "nginx:2");
    assertThat(update(image, old)).isEmpty();
    ObjectNode restart = old.deepCopy();
    ((ObjectNode) restart.get("spec")).put("restartPolicy", "Never");
    assertThat(update(restart, old)).singleElement().asString().startsWith(
        "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,");
  }
}
