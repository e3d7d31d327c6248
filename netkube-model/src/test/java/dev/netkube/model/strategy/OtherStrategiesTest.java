package dev.netkube.model.strategy;

import static dev.netkube.model.strategy.StrategyTesting.create;
import static dev.netkube.model.strategy.StrategyTesting.stored;
import static dev.netkube.model.strategy.StrategyTesting.update;
import static dev.netkube.model.strategy.StrategyTesting.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import org.junit.jupiter.api.Test;

class OtherStrategiesTest {
  @Test
  void configMapKeysAndImmutability() {
    assertThat(create(yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: d}\ndata: {\"a b\": x, ok.key: y}\n")))
        .singleElement().asString().startsWith("data[a b]: Invalid value: \"a b\": a valid config key must consist of");
    ObjectNode old = stored(yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: d}\nimmutable: true\ndata: {k: v}\n"));
    ObjectNode changed = old.deepCopy();
    ((ObjectNode) changed.get("data")).put("k", "w");
    assertThat(update(changed, old)).containsExactly("data: Forbidden: field is immutable when `immutable` is set");
  }

  @Test
  void secretTypeDefaultsAndRequiredKeys() {
    ObjectNode opaque = yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: d}\ndata: {password: cGFzcw==}\n");
    assertThat(create(opaque)).isEmpty();
    assertThat(opaque.get("type").asText()).isEqualTo("Opaque");
    assertThat(create(yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: d}\ntype: kubernetes.io/tls\n"
        + "data: {tls.crt: eA==}\n"))).containsExactly("data[tls.key]: Required value");
    ObjectNode old = stored(yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: d}\ndata: {a: eA==}\n"));
    ObjectNode retyped = old.deepCopy().put("type", "kubernetes.io/basic-auth");
    assertThat(update(retyped, old)).containsExactly("type: Invalid value: \"kubernetes.io/basic-auth\": field is immutable",
        "data[username]: Required value", "data[password]: Required value");
  }

  @Test
  void secretBase64IsADecodeError() {
    ObjectNode bad = yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {password: \"not base64!\"}\n");
    var e = ConfigDataStrategies.secretDecodeError("Secret", bad).orElseThrow();
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 3");
    assertThat(ConfigDataStrategies.secretDecodeError("Secret",
        yaml("kind: Secret\ndata: {a: cGFzcw==, b: YQ==, c: \"\"}\n"))).isEmpty();
    assertThat(ConfigDataStrategies.illegalBase64Offset("YQ=")).isEqualTo(3);
    assertThat(ConfigDataStrategies.illegalBase64Offset("YWJj")).isEqualTo(-1);
  }

  @Test
  void namespaceGetsTheKubernetesFinalizerAndActivePhase() {
    ObjectNode ns = yaml("apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n");
    assertThat(create(ns)).isEmpty();
    assertThat(Json.text(ns.get("spec"))).isEqualTo("{\"finalizers\":[\"kubernetes\"]}");
    assertThat(Json.text(ns.get("status"))).isEqualTo("{\"phase\":\"Active\"}");
    assertThat(ns.at("/metadata/labels/kubernetes.io~1metadata.name").asText()).isEqualTo("team-a");
  }

  @Test
  void ingressPathsAndBackends() {
    ObjectNode ing = yaml("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i, namespace: d}\nspec:\n"
        + "  rules:\n  - host: Foo.example.com\n    http:\n      paths:\n"
        + "      - path: /a\n        backend: {service: {name: web, port: {number: 80}}}\n"
        + "      - path: b\n        pathType: Prefix\n        backend: {service: {name: web, port: {}}}\n"
        + "      - path: /c\n        pathType: Regex\n        backend: {service: {name: web, port: {name: http}}}\n");
    assertThat(create(ing)).containsExactly(
        "spec.rules[0].host: Invalid value: \"Foo.example.com\": a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
            + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
        "spec.rules[0].http.paths[1].path: Invalid value: \"b\": must be an absolute path",
        "spec.rules[0].http.paths[1].backend.service.port: Required value: port name or number is required",
        "spec.rules[0].http.paths[2].pathType: Unsupported value: \"Regex\": supported values: \"Exact\", "
            + "\"ImplementationSpecific\", \"Prefix\"");
    assertThat(create(yaml("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i, namespace: d}\nspec: {}\n")))
        .containsExactly("spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified");
  }

  @Test
  void ingressClassControllerIsImmutable() {
    ObjectNode old = stored(yaml("apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: nginx}\n"
        + "spec: {controller: k8s.io/ingress-nginx}\n"));
    ObjectNode changed = old.deepCopy();
    ((ObjectNode) changed.get("spec")).put("controller", "example.com/other");
    assertThat(update(changed, old)).containsExactly("spec.controller: Invalid value: \"example.com/other\": field is immutable");
  }

  @Test
  void rbacRulesAndBindings() {
    assertThat(create(yaml("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: d}\n"
        + "rules: [{apiGroups: [\"\"], resources: [pods]}, {verbs: [get], nonResourceURLs: [/healthz]}]\n"))).containsExactly(
        "rules[0].verbs: Required value: verbs must contain at least one value",
        "rules[1].nonResourceURLs: Invalid value: []string{\"/healthz\"}: namespaced rules cannot apply to non-resource URLs");
    ObjectNode crb = yaml("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\n"
        + "roleRef: {kind: Role, name: r}\nsubjects: [{kind: ServiceAccount, name: sa}, {kind: User, name: alice}]\n");
    assertThat(create(crb)).containsExactly(
        "roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"",
        "subjects[0].namespace: Required value");
    assertThat(crb.at("/roleRef/apiGroup").asText()).isEqualTo("rbac.authorization.k8s.io");
    assertThat(crb.at("/subjects/1/apiGroup").asText()).isEqualTo("rbac.authorization.k8s.io");
    ObjectNode old = stored(yaml("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: d}\n"
        + "roleRef: {kind: Role, name: r}\n"));
    ObjectNode changed = old.deepCopy();
    ((ObjectNode) changed.get("roleRef")).put("name", "other");
    assertThat(update(changed, old)).containsExactly("roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", "
        + "Kind:\"Role\", Name:\"other\"}: cannot change roleRef");
  }

  @Test
  void webhookConfigurationDefaultsAndRequiredFields() {
    ObjectNode ok = yaml("apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: w}\n"
        + "webhooks:\n- name: pods.example.com\n  sideEffects: None\n  admissionReviewVersions: [v1]\n"
        + "  clientConfig: {service: {name: hook, namespace: d}}\n"
        + "  rules: [{operations: [CREATE], apiGroups: [\"\"], apiVersions: [v1], resources: [pods]}]\n");
    assertThat(create(ok)).isEmpty();
    assertThat(Json.text(ok.at("/webhooks/0"))).isEqualTo("{\"name\":\"pods.example.com\",\"sideEffects\":\"None\","
        + "\"admissionReviewVersions\":[\"v1\"],\"clientConfig\":{\"service\":{\"name\":\"hook\",\"namespace\":\"d\",\"port\":443}},"
        + "\"rules\":[{\"operations\":[\"CREATE\"],\"apiGroups\":[\"\"],\"apiVersions\":[\"v1\"],\"resources\":[\"pods\"],"
        + "\"scope\":\"*\"}],\"failurePolicy\":\"Fail\",\"matchPolicy\":\"Equivalent\",\"namespaceSelector\":{},"
        + "\"objectSelector\":{},\"timeoutSeconds\":10,\"reinvocationPolicy\":\"Never\"}");
    ObjectNode bad = yaml("apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata: {name: w}\n"
        + "webhooks:\n- name: hook\n  timeoutSeconds: 31\n  clientConfig: {url: \"http://example.com/x\"}\n");
    assertThat(create(bad)).containsExactly(
        "webhooks[0].name: Invalid value: \"hook\": should be a domain with at least three segments separated by dots",
        "webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun",
        "webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds",
        "webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1",
        "webhooks[0].clientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme");
  }

  @Test
  void endpointSliceAddressTypeAndAddresses() {
    assertThat(create(yaml("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: e, namespace: d}\n"
        + "addressType: IPv5\nendpoints: [{addresses: []}]\n"))).containsExactly(
        "addressType: Unsupported value: \"IPv5\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"",
        "endpoints[0].addresses: Required value: must contain at least 1 address");
    assertThat(create(yaml("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: e, namespace: d}\n"
        + "addressType: IPv4\nendpoints: [{addresses: [10.0.0.1, \"fe80::1\"]}]\nports: [{port: 80}]\n")))
        .containsExactly("endpoints[0].addresses[1]: Invalid value: \"fe80::1\": must be a valid IPv4 address");
  }

  @Test
  void endpointsSubsets() {
    assertThat(create(yaml("apiVersion: v1\nkind: Endpoints\nmetadata: {name: e, namespace: d}\n"
        + "subsets: [{addresses: [{ip: 10.0.0.1}], ports: [{port: 80}, {port: 81}]}]\n"))).containsExactly(
        "subsets[0].ports[0].name: Required value", "subsets[0].ports[1].name: Required value");
  }

  @Test
  void podDisruptionBudgetAndLease() {
    assertThat(create(yaml("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p, namespace: d}\n"
        + "spec: {maxUnavailable: 150%, selector: {matchLabels: {app: web}}}\n"))).containsExactly(
        "spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%");
    assertThat(create(yaml("apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: l, namespace: d}\n"
        + "spec: {leaseDurationSeconds: 0}\n"))).containsExactly("spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0");
  }

  @Test
  void kindsWithoutRulesGetMetadataOnly() {
    ObjectNode sa = yaml("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: Bad, namespace: d}\n");
    assertThat(create(sa)).singleElement().asString().startsWith("metadata.name: Invalid value: \"Bad\": a lowercase RFC 1123 subdomain");
    assertThat(Strategies.forType(StrategyTesting.type("", "ServiceAccount"))).isSameAs(ResourceStrategy.NONE);
  }
}
