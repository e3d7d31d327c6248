package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad input gets upstream's words through the real kubectl, and nothing stored changes. */
class ValidationE2ETest extends ClusterTestBase {


  private Kubectl.Result applyFails(String yaml) {
    Kubectl.Result r = kubectl.runWithInput(yaml, "apply", "-f", "-");
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
    return r;
  }

  @Test
  void portOutOfRange() {
    Kubectl.Result r = applyFails("apiVersion: v1\nkind: Service\nmetadata:\n  name: bad-port\nspec:\n  ports:\n  - port: 0\n");
    // Upstream defaults targetPort to port before validating, so both are reported.
    assertThat(r.err()).isEqualTo("The Service \"bad-port\" is invalid: \n"
        + "* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n"
        + "* spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive\n");
    assertThat(kubectl.run("get", "svc", "bad-port").err()).contains("services \"bad-port\" not found");
  }

  @Test
  void externalNameRequired() {
    Kubectl.Result r = applyFails("apiVersion: v1\nkind: Service\nmetadata:\n  name: ext\nspec:\n  type: ExternalName\n");
    assertThat(r.err()).contains("The Service \"ext\" is invalid: spec.externalName: Required value");
  }

  @Test
  void unsupportedProtocol() {
    Kubectl.Result r = applyFails(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: proto\nspec:\n  ports:\n  - port: 80\n    protocol: HTTP\n");
    assertThat(r.err()).contains(
        "spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
  }

  @Test
  void severalErrorsAreListed() {
    Kubectl.Result r = applyFails("apiVersion: v1\nkind: Service\nmetadata:\n  name: two\nspec:\n  ports:\n"
        + "  - port: 80\n  - port: 81\n");
    assertThat(r.err()).contains("The Service \"two\" is invalid: \n* spec.ports[0].name: Required value\n"
        + "* spec.ports[1].name: Required value");
  }

  @Test
  void badNameUsesTheDns1035Message() {
    Kubectl.Result r = applyFails("apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\nspec:\n  ports:\n  - port: 80\n");
    assertThat(r.err()).contains("metadata.name: Invalid value: \"Bad_Name\": a DNS-1035 label must consist of lower case "
        + "alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character");
  }

  @Test
  void unknownFieldIsRefusedUnderStrictValidation() {
    Kubectl.Result r = applyFails("apiVersion: v1\nkind: Service\nmetadata:\n  name: strict\nspec:\n  portz:\n  - port: 80\n");
    assertThat(r.err()).contains("Service in version \"v1\" cannot be handled as a Service: strict decoding error: "
        + "unknown field \"spec.portz\"");
  }

  @Test
  void rejectedUpdateLeavesTheStoredObjectAsItWas() {
    kubectl.runWithInput(ServiceSessionE2ETest.service("keep", 80), "apply", "-f", "-").ok();
    String before = kubectl.run("get", "svc", "keep", "-o", "jsonpath={.metadata.resourceVersion} {.spec.ports[0].port}")
        .ok().out();
    applyFails(ServiceSessionE2ETest.service("keep", 70000));
    String after = kubectl.run("get", "svc", "keep", "-o", "jsonpath={.metadata.resourceVersion} {.spec.ports[0].port}")
        .ok().out();
    assertThat(after).isEqualTo(before);
  }

  @Test
  void unknownFieldIsAWarningUnderWarnValidation() {
    Kubectl.Result r = kubectl.runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: warned\nspec:\n"
        + "  portz: 1\n  ports:\n  - port: 80\n", "apply", "--validate=warn", "-f", "-").ok();
    assertThat(r.err()).contains("Warning: unknown field \"spec.portz\"");
    assertThat(r.out()).isEqualTo("service/warned created\n");
  }
}
