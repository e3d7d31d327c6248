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

class ServiceStrategyTest {
  private static ObjectNode svc(String spec) {
    return yaml("apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: default}\nspec:\n" + spec);
  }

  @Test
  void defaultsAClusterIPServiceAsUpstream() {
    ObjectNode s = svc("  selector: {app: web}\n  ports: [{port: 80}]\n");
    assertThat(create(s)).isEmpty();
    assertThat(Json.text(s.get("spec"))).isEqualTo("{\"selector\":{\"app\":\"web\"},\"ports\":[{\"port\":80,\"protocol\":\"TCP\","
        + "\"targetPort\":80}],\"sessionAffinity\":\"None\",\"type\":\"ClusterIP\",\"internalTrafficPolicy\":\"Cluster\","
        + "\"ipFamilyPolicy\":\"SingleStack\",\"ipFamilies\":[\"IPv4\"]}");
  }

  @Test
  void defaultsLoadBalancerTrafficPolicyAndNodePortAllocationFlag() {
    ObjectNode s = svc("  type: LoadBalancer\n  ports: [{port: 443, targetPort: https}]\n");
    assertThat(create(s)).isEmpty();
    assertThat(s.at("/spec/externalTrafficPolicy").asText()).isEqualTo("Cluster");
    assertThat(s.at("/spec/allocateLoadBalancerNodePorts").asBoolean()).isTrue();
    assertThat(s.at("/spec/ports/0/targetPort").asText()).isEqualTo("https");
  }

  @Test
  void clientIPAffinityGetsThreeHourTimeout() {
    ObjectNode s = svc("  sessionAffinity: ClientIP\n  ports: [{port: 80}]\n");
    assertThat(create(s)).isEmpty();
    assertThat(s.at("/spec/sessionAffinityConfig/clientIP/timeoutSeconds").asInt()).isEqualTo(10800);
  }

  @Test
  void headlessFamiliesAsTheRegistryFillsThem() {
    ObjectNode withSelector = svc("  clusterIP: None\n  selector: {app: db}\n  ports: [{port: 5432}]\n");
    assertThat(create(withSelector)).isEmpty();
    assertThat(Json.text(withSelector.at("/spec/clusterIPs"))).isEqualTo("[\"None\"]");
    assertThat(withSelector.at("/spec/ipFamilyPolicy").asText()).isEqualTo("SingleStack");
    ObjectNode selectorless = svc("  clusterIP: None\n  ports: [{port: 5432}]\n");
    assertThat(create(selectorless)).isEmpty();
    assertThat(selectorless.at("/spec/ipFamilyPolicy").asText()).isEqualTo("RequireDualStack");
    assertThat(Json.text(selectorless.at("/spec/ipFamilies"))).isEqualTo("[\"IPv4\"]");
    ObjectNode external = svc("  type: ExternalName\n  externalName: db.example.com\n");
    assertThat(create(external)).isEmpty();
    assertThat(external.at("/spec").has("ipFamilies")).isFalse();
    assertThat(external.at("/spec").has("internalTrafficPolicy")).isFalse();
  }

  @Test
  void portZeroIsOutOfRange() {
    assertThat(create(svc("  ports: [{port: 0, targetPort: 80}]\n")))
        .containsExactly("spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive");
  }

  @Test
  void invalidServiceAsKubectlPrintsIt() {
    ObjectNode s = svc("  ports: [{port: 70000, targetPort: 80}]\n");
    var e = ApiException.invalid("", "Service", "web", createErrors(s));
    assertThat(e.getMessage()).isEqualTo("Service \"web\" is invalid: spec.ports[0].port: Invalid value: 70000: "
        + "must be between 1 and 65535, inclusive");
    assertThat(e.code()).isEqualTo(422);
  }

  @Test
  void portsRequiredUnlessHeadlessOrExternalName() {
    assertThat(create(svc("  selector: {app: web}\n"))).containsExactly("spec.ports: Required value");
    assertThat(create(svc("  clusterIP: None\n  selector: {app: web}\n"))).isEmpty();
    assertThat(create(svc("  type: ExternalName\n  externalName: db.example.com\n"))).isEmpty();
  }

  @Test
  void multiplePortsNeedUniqueNamesAndPortProtocolPairs() {
    assertThat(create(svc("  ports: [{port: 80}, {port: 81}]\n")))
        .containsExactly("spec.ports[0].name: Required value", "spec.ports[1].name: Required value");
    assertThat(create(svc("  ports: [{name: a, port: 80}, {name: a, port: 81}]\n")))
        .containsExactly("spec.ports[1].name: Duplicate value: \"a\"");
    assertThat(create(svc("  ports: [{name: a, port: 80}, {name: b, port: 80}]\n")))
        .containsExactly("spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", "
            + "AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}");
    assertThat(create(svc("  ports: [{name: a, port: 53}, {name: b, port: 53, protocol: UDP}]\n"))).isEmpty();
  }

  @Test
  void portNameMustBeDns1123Label() {
    assertThat(create(svc("  ports: [{name: Web, port: 80}]\n"))).containsExactly("spec.ports[0].name: Invalid value: \"Web\": "
        + "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end "
        + "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
  }

  @Test
  void protocolMustBeSupported() {
    assertThat(create(svc("  ports: [{port: 80, protocol: HTTP}]\n")))
        .containsExactly("spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
  }

  @Test
  void targetPortIsNumberOrIanaName() {
    assertThat(create(svc("  ports: [{port: 80, targetPort: 0x}]\n"))).isEmpty();
    assertThat(create(svc("  ports: [{port: 80, targetPort: http--web}]\n")))
        .containsExactly("spec.ports[0].targetPort: Invalid value: \"http--web\": must not contain consecutive hyphens");
    assertThat(create(svc("  ports: [{port: 80, targetPort: 123}]\n"))).isEmpty();
    assertThat(create(svc("  ports: [{port: 80, targetPort: 99999}]\n")))
        .containsExactly("spec.ports[0].targetPort: Invalid value: 99999: must be between 1 and 65535, inclusive");
    assertThat(create(svc("  ports: [{port: 80, targetPort: \"1234\"}]\n")))
        .containsExactly("spec.ports[0].targetPort: Invalid value: \"1234\": must contain at least one letter (a-z)");
  }

  @Test
  void typeMustBeKnown() {
    assertThat(create(svc("  type: Internal\n  ports: [{port: 80}]\n"))).containsExactly(
        "spec.type: Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"");
  }

  @Test
  void selectorIsValidatedAsLabels() {
    assertThat(create(svc("  selector: {app: \"a b\"}\n  ports: [{port: 80}]\n"))).containsExactly(
        "spec.selector: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, "
            + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
            + "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  }

  @Test
  void externalNameNeedsAValidNameAndNoClusterIP() {
    assertThat(create(svc("  type: ExternalName\n"))).containsExactly("spec.externalName: Required value");
    assertThat(create(svc("  type: ExternalName\n  externalName: Bad_Name\n"))).containsExactly(
        "spec.externalName: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
            + "'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    assertThat(create(svc("  type: ExternalName\n  externalName: db.example.com.\n"))).isEmpty();
    assertThat(create(svc("  type: ExternalName\n  externalName: db.example.com\n  clusterIP: 10.96.0.10\n")))
        .containsExactly("spec.clusterIPs: Forbidden: may not be set for ExternalName services");
  }

  @Test
  void headlessOnlyForClusterIP() {
    assertThat(create(svc("  type: NodePort\n  clusterIP: None\n  ports: [{port: 80}]\n")))
        .containsExactly("spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services");
    assertThat(create(svc("  type: LoadBalancer\n  clusterIP: None\n  ports: [{port: 80}]\n")))
        .containsExactly("spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services");
  }

  @Test
  void clusterIPMustBeAnIP() {
    assertThat(create(svc("  clusterIP: 10.96.0.300\n  ports: [{port: 80}]\n"))).containsExactly(
        "spec.clusterIPs[0]: Invalid value: \"10.96.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
  }

  @Test
  void externalTrafficPolicyOnlyForExternallyAccessibleServices() {
    assertThat(create(svc("  externalTrafficPolicy: Local\n  ports: [{port: 80}]\n"))).containsExactly(
        "spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services");
    assertThat(create(svc("  type: NodePort\n  externalTrafficPolicy: Nearest\n  ports: [{port: 80}]\n"))).containsExactly(
        "spec.externalTrafficPolicy: Unsupported value: \"Nearest\": supported values: \"Cluster\", \"Local\"");
  }

  @Test
  void sessionAffinityAndItsTimeout() {
    assertThat(create(svc("  sessionAffinity: Sticky\n  ports: [{port: 80}]\n"))).containsExactly(
        "spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\"");
    assertThat(create(svc("  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 86401}}\n"
        + "  ports: [{port: 80}]\n"))).containsExactly(
        "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400");
  }

  @Test
  void loadBalancerSourceRangesAreCidrsForLoadBalancersOnly() {
    assertThat(create(svc("  type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.0/8, 10.0.0.1]\n  ports: [{port: 80}]\n")))
        .containsExactly("spec.LoadBalancerSourceRanges[1]: Invalid value: \"10.0.0.1\": must be a valid CIDR value, "
            + "(e.g. 10.9.8.0/24 or 2001:db8::/64)");
    assertThat(create(svc("  loadBalancerSourceRanges: [10.0.0.0/8]\n  ports: [{port: 80}]\n")))
        .containsExactly("spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'");
  }

  @Test
  void externalIPsMustBeUsableAddresses() {
    assertThat(create(svc("  externalIPs: [192.168.1.10, 127.0.0.1, nope]\n  ports: [{port: 80}]\n"))).containsExactly(
        "spec.externalIPs[1]: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)",
        "spec.externalIPs[2]: Invalid value: \"nope\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
  }

  @Test
  void nodePortForbiddenOnClusterIP() {
    assertThat(create(svc("  ports: [{port: 80, nodePort: 30080}]\n")))
        .containsExactly("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
  }

  @Test
  void severalErrorsAreListedAsKubectlShowsThem() {
    ObjectNode s = svc("  type: NodePort\n  ports: [{port: 0}, {port: 80, protocol: ICMP}]\n");
    var e = ApiException.invalid("", "Service", "web", createErrors(s));
    assertThat(e.getMessage()).isEqualTo("Service \"web\" is invalid: [spec.ports[0].name: Required value, "
        + "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, "
        // targetPort defaults to port, so it is out of range too, as upstream reports.
        + "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[1].name: Required value, "
        + "spec.ports[1].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"]");
  }

  @Test
  void clusterIPCannotChangeOnUpdate() {
    ObjectNode old = stored(svc("  clusterIP: 10.96.0.10\n  ports: [{port: 80}]\n"));
    ObjectNode changed = old.deepCopy();
    ((ObjectNode) changed.get("spec")).put("clusterIP", "10.96.0.11").putArray("clusterIPs").add("10.96.0.11");
    assertThat(update(changed, old)).containsExactly(
        "spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.11\"}: may not change once set");
  }

  @Test
  void updateWithoutClusterIPKeepsTheAllocatedOne() {
    ObjectNode old = stored(svc("  clusterIP: 10.96.0.10\n  type: NodePort\n  ports: [{port: 80, nodePort: 30080}]\n"));
    ObjectNode applied = svc("  type: NodePort\n  ports: [{port: 80}]\n");
    ((ObjectNode) applied.get("metadata")).setAll((ObjectNode) old.get("metadata").deepCopy());
    assertThat(update(applied, old)).isEmpty();
    assertThat(applied.at("/spec/clusterIP").asText()).isEqualTo("10.96.0.10");
    assertThat(applied.at("/spec/ports/0/nodePort").asInt()).isEqualTo(30080);
  }

  @Test
  void serviceNameIsADns1035Label() {
    ObjectNode s = yaml("apiVersion: v1\nkind: Service\nmetadata: {name: 1web, namespace: default}\nspec: {ports: [{port: 80}]}\n");
    assertThat(create(s)).containsExactly("metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case "
        + "alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character "
        + "(e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
  }
}
