package dev.netkube.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceAccountAdmissionTest {
  private static ObjectNode pod(String yaml) throws Exception {
    return (ObjectNode) Json.parseYaml(yaml);
  }

  private static final String TWO_CONTAINERS = """
      metadata: {name: web, namespace: shop}
      spec:
        serviceAccountName: default
        initContainers: [{name: init, image: busybox}]
        containers: [{name: a, image: nginx}, {name: b, image: busybox}]
      """;

  private static Optional<ObjectNode> account(String yaml) throws Exception {
    return Optional.of((ObjectNode) Json.parseYaml(yaml));
  }

  @Test
  void everyContainerMountsTheProjectedVolumeAsUpstreamWritesIt() throws Exception {
    ObjectNode p = pod(TWO_CONTAINERS);
    ServiceAccountAdmission.admit(p, account("metadata: {name: default}"), () -> "x7k2q");
    assertThat(Json.text(p.at("/spec/volumes"))).isEqualTo(Json.text(Json.parseYaml("""
        - name: kube-api-access-x7k2q
          projected:
            defaultMode: 420
            sources:
            - serviceAccountToken: {expirationSeconds: 3607, path: token}
            - configMap:
                items: [{key: ca.crt, path: ca.crt}]
                name: kube-root-ca.crt
            - downwardAPI:
                items:
                - fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}
                  path: namespace
        """)));
    String mount = "[{\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\",\"name\":\"kube-api-access-x7k2q\",\"readOnly\":true}]";
    for (String c : new String[] {"/spec/initContainers/0", "/spec/containers/0", "/spec/containers/1"}) {
      assertThat(Json.text(p.at(c + "/volumeMounts"))).isEqualTo(mount);
    }
    assertThat(p.at("/spec/serviceAccount").asText()).isEqualTo("default");
  }

  @Test
  void aMissingAccountIsForbiddenInUpstreamsWords() throws Exception {
    ObjectNode p = pod("""
        metadata: {name: x, namespace: ns}
        spec: {serviceAccountName: sa, containers: [{name: a, image: nginx}]}
        """);
    assertThatThrownBy(() -> ServiceAccountAdmission.admit(p, Optional.empty(), () -> "aaaaa"))
        .isInstanceOf(ApiException.class)
        .hasMessage("pods \"x\" is forbidden: error looking up service account ns/sa: serviceaccount \"sa\" not found")
        .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(403));
  }

  @Test
  void automountFalseOnThePodOrTheAccountMountsNothingAndThePodsSettingWins() throws Exception {
    ObjectNode off = pod(TWO_CONTAINERS);
    off.with("spec").put("automountServiceAccountToken", false);
    ServiceAccountAdmission.admit(off, account("metadata: {name: default}"), () -> "aaaaa");
    assertThat(off.at("/spec/volumes").isMissingNode()).isTrue();
    assertThat(off.at("/spec/containers/0/volumeMounts").isMissingNode()).isTrue();

    ObjectNode accountOff = pod(TWO_CONTAINERS);
    ServiceAccountAdmission.admit(accountOff, account("{metadata: {name: default}, automountServiceAccountToken: false}"), () -> "aaaaa");
    assertThat(accountOff.at("/spec/volumes").isMissingNode()).isTrue();

    ObjectNode podOn = pod(TWO_CONTAINERS);
    podOn.with("spec").put("automountServiceAccountToken", true);
    ServiceAccountAdmission.admit(podOn, account("{metadata: {name: default}, automountServiceAccountToken: false}"), () -> "aaaaa");
    assertThat(podOn.at("/spec/volumes/0/name").asText()).isEqualTo("kube-api-access-aaaaa");
  }

  @Test
  void aContainerWithItsOwnMountAtThePathKeepsItAndAnExistingVolumeIsReused() throws Exception {
    ObjectNode p = pod("""
        metadata: {name: x, namespace: ns}
        spec:
          volumes: [{name: mine, emptyDir: {}}]
          containers:
          - {name: own, image: nginx, volumeMounts: [{name: mine, mountPath: /var/run/secrets/kubernetes.io/serviceaccount}]}
          - {name: other, image: nginx}
        """);
    ServiceAccountAdmission.admit(p, account("metadata: {name: default}"), () -> "bbbbb");
    assertThat(p.at("/spec/containers/0/volumeMounts").size()).isEqualTo(1);
    assertThat(p.at("/spec/containers/1/volumeMounts/0/name").asText()).isEqualTo("kube-api-access-bbbbb");
    assertThat(p.at("/spec/volumes").size()).isEqualTo(2);

    // admitted again (a pod copied with its volume): the existing kube-api-access volume is used, not a second one
    ObjectNode again = pod("""
        metadata: {name: y, namespace: ns}
        spec:
          volumes: [{name: kube-api-access-zzzzz, projected: {sources: []}}]
          containers: [{name: a, image: nginx}]
        """);
    ServiceAccountAdmission.admit(again, account("metadata: {name: default}"), () -> "ccccc");
    assertThat(again.at("/spec/volumes").size()).isEqualTo(1);
    assertThat(again.at("/spec/containers/0/volumeMounts/0/name").asText()).isEqualTo("kube-api-access-zzzzz");
  }

  @Test
  void aPodWithoutPullSecretsTakesTheAccountsAndOneWithItsOwnKeepsThem() throws Exception {
    Optional<ObjectNode> account = account("{metadata: {name: default}, imagePullSecrets: [{name: registry}]}");
    ObjectNode bare = pod(TWO_CONTAINERS);
    ServiceAccountAdmission.admit(bare, account, () -> "aaaaa");
    assertThat(Json.text(bare.at("/spec/imagePullSecrets"))).isEqualTo("[{\"name\":\"registry\"}]");
    ObjectNode own = pod(TWO_CONTAINERS);
    own.with("spec").putArray("imagePullSecrets").addObject().put("name", "mine");
    ServiceAccountAdmission.admit(own, account, () -> "aaaaa");
    assertThat(Json.text(own.at("/spec/imagePullSecrets"))).isEqualTo("[{\"name\":\"mine\"}]");
    ObjectNode none = pod(TWO_CONTAINERS);
    ServiceAccountAdmission.admit(none, account("metadata: {name: default}"), () -> "aaaaa");
    assertThat(none.at("/spec/imagePullSecrets").isMissingNode()).isTrue();
  }

  @Test
  void mirrorPodsAreLeftAlone() throws Exception {
    assertThat(ServiceAccountAdmission.applies(pod("metadata: {name: x, annotations: {kubernetes.io/config.mirror: abc}}"))).isFalse();
    assertThat(ServiceAccountAdmission.applies(pod("metadata: {name: x}"))).isTrue();
  }
}
