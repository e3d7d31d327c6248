package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** kubectl's typed create commands send application/vnd.kubernetes.protobuf bodies; netkube must take them. */
class ProtobufBodiesE2ETest extends ClusterTestBase {

  @Test
  void createNamespace() {
    assertThat(kubectl.run("create", "namespace", "monitoring").ok().out()).isEqualTo("namespace/monitoring created\n");
    assertThat(kubectl.run("get", "namespace", "monitoring", "-o", "jsonpath={.metadata.name} {.status.phase}")
        .ok().out()).isEqualTo("monitoring Active");
  }

  @Test
  void kubectlReallySendsProtobuf() {
    Kubectl.Result created = kubectl.run("create", "namespace", "proof", "-v=8").ok();
    assertThat(created.err()).contains("Content-Type: application/vnd.kubernetes.protobuf");
    assertThat(created.out()).isEqualTo("namespace/proof created\n");
  }

  @Test
  void createConfigMapFromLiteral() {
    assertThat(kubectl.run("create", "configmap", "app", "--from-literal=a=b").ok().out())
        .isEqualTo("configmap/app created\n");
    assertThat(kubectl.run("get", "configmap", "app", "-o", "jsonpath={.data}").ok().out()).isEqualTo("{\"a\":\"b\"}");
  }

  @Test
  void createDeployment() {
    assertThat(kubectl.run("create", "deployment", "web", "--image=nginx", "--replicas=2").ok().out())
        .isEqualTo("deployment.apps/web created\n");
    assertThat(kubectl.run("get", "deployment", "web", "-o",
        "jsonpath={.spec.replicas} {.spec.selector.matchLabels.app} {.spec.template.metadata.labels.app} "
            + "{.spec.template.spec.containers[0].name} {.spec.template.spec.containers[0].image} "
            + "{.spec.strategy.rollingUpdate.maxSurge}").ok().out())
        .isEqualTo("2 web web nginx nginx 25%");
  }

  @Test
  void createDeploymentWithZeroReplicasKeepsZero() {
    kubectl.run("create", "deployment", "idle", "--image=nginx", "--replicas=0").ok();
    assertThat(kubectl.run("get", "deployment", "idle", "-o", "jsonpath={.spec.replicas}").ok().out()).isEqualTo("0");
  }

  @Test
  void runPodAndExposeIt() {
    assertThat(kubectl.run("run", "nginx-for-service", "--image=nginx", "--port=80", "--labels=app=nginx-for-svc")
        .ok().out()).isEqualTo("pod/nginx-for-service created\n");
    assertThat(kubectl.run("get", "pod", "nginx-for-service", "-o",
        "jsonpath={.metadata.labels} {.spec.containers[0].ports[0].containerPort} {.spec.containers[0].image}")
        .ok().out()).isEqualTo("{\"app\":\"nginx-for-svc\"} 80 nginx");
    assertThat(kubectl.run("expose", "pod", "nginx-for-service", "--port=8080", "--target-port=80",
        "--name=nginx-svc").ok().out()).isEqualTo("service/nginx-svc exposed\n");
    assertThat(kubectl.run("get", "service", "nginx-svc", "-o",
        "jsonpath={.spec.selector.app} {.spec.ports[0].port} {.spec.ports[0].targetPort}").ok().out())
        .isEqualTo("nginx-for-svc 8080 80");
  }

  @Test
  void createSecretServiceAccountAndRole() {
    assertThat(kubectl.run("create", "secret", "generic", "creds", "--from-literal=password=hunter2").ok().out())
        .isEqualTo("secret/creds created\n");
    assertThat(kubectl.run("get", "secret", "creds", "-o", "jsonpath={.data.password} {.type}").ok().out())
        .isEqualTo("aHVudGVyMg== Opaque");
    assertThat(kubectl.run("create", "serviceaccount", "robot").ok().out())
        .isEqualTo("serviceaccount/robot created\n");
    assertThat(kubectl.run("create", "role", "reader", "--verb=get,list", "--resource=pods").ok().out())
        .isEqualTo("role.rbac.authorization.k8s.io/reader created\n");
    assertThat(kubectl.run("get", "role", "reader", "-o", "jsonpath={.rules[0].verbs}").ok().out())
        .isEqualTo("[\"get\",\"list\"]");
  }

  @Test
  void createIngressFlattensInlineRuleValue() {
    assertThat(kubectl.run("create", "ingress", "ing", "--rule=foo.com/bar=svc1:8080", "--class=nginx").ok().out())
        .isEqualTo("ingress.networking.k8s.io/ing created\n");
    assertThat(kubectl.run("get", "ingress", "ing", "-o", "jsonpath={.spec.ingressClassName} "
        + "{.spec.rules[0].host} {.spec.rules[0].http.paths[0].path} {.spec.rules[0].http.paths[0].pathType} "
        + "{.spec.rules[0].http.paths[0].backend.service.port.number}").ok().out())
        .isEqualTo("nginx foo.com /bar Exact 8080");
  }

  @Test
  void runWithOverridesKeepsExplicitZero() {
    kubectl.run("run", "ovr", "--image=nginx", "--overrides={\"spec\":{\"terminationGracePeriodSeconds\":0}}").ok();
    assertThat(kubectl.run("get", "pod", "ovr", "-o", "jsonpath={.spec.terminationGracePeriodSeconds}").ok().out())
        .isEqualTo("0");
  }

  @Test
  void createJobFromCronJob() {
    assertThat(kubectl.run("create", "cronjob", "cj", "--image=busybox", "--schedule=*/1 * * * *").ok().out())
        .isEqualTo("cronjob.batch/cj created\n");
    assertThat(kubectl.run("create", "job", "fromcj", "--from=cronjob/cj").ok().out())
        .isEqualTo("job.batch/fromcj created\n");
    assertThat(kubectl.run("get", "job", "fromcj", "-o",
        "jsonpath={.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate} {.spec.template.spec.containers[0].image}")
        .ok().out()).isEqualTo("manual busybox");
  }
}
