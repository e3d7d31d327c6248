package dev.netkube.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.BuiltinResources;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.api.ResourceType;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectMetaValidationTest {
  private static ResourceType type(String group, String kind) {
    return BuiltinResources.all().stream().filter(t -> t.group().equals(group) && t.kind().equals(kind)).findFirst().orElseThrow();
  }

  private static ObjectNode obj(String metadata) {
    try {
      return (ObjectNode) Json.parseYaml("metadata: " + metadata);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> create(String group, String kind, String metadata) {
    return ObjectMetaValidation.validate(type(group, kind), obj(metadata), null).stream().map(FieldError::message).toList();
  }

  private static List<String> update(String group, String kind, String metadata, String oldMetadata) {
    return ObjectMetaValidation.validate(type(group, kind), obj(metadata), obj(oldMetadata)).stream().map(FieldError::message).toList();
  }

  @Test
  void nameRequiredUnlessGenerated() {
    assertThat(create("", "ConfigMap", "{namespace: default}")).containsExactly("metadata.name: Required value: name or generateName is required");
    assertThat(create("", "Pod", "{generateName: web-, name: web-x7k2p, namespace: default}")).isEmpty();
    assertThat(create("", "Pod", "{generateName: Web-, name: web-x7k2p, namespace: default}")).singleElement().asString()
        .startsWith("metadata.generateName: Invalid value: \"Web-\": a lowercase RFC 1123 subdomain");
  }

  @Test
  void nameRulePerKind() {
    assertThat(create("", "ConfigMap", "{name: app.config, namespace: default}")).isEmpty();
    assertThat(create("", "Namespace", "{name: team.a}")).containsExactly("metadata.name: Invalid value: \"team.a\": must not contain dots");
    assertThat(create("", "Service", "{name: app.svc, namespace: default}")).singleElement().asString()
        .startsWith("metadata.name: Invalid value: \"app.svc\": a DNS-1035 label");
    assertThat(create("rbac.authorization.k8s.io", "ClusterRole", "{name: \"system:aggregate-to-edit\"}")).isEmpty();
    assertThat(create("rbac.authorization.k8s.io", "ClusterRole", "{name: \"a/b\"}"))
        .containsExactly("metadata.name: Invalid value: \"a/b\": may not contain '/'");
    assertThat(create("", "Node", "{name: node-1.lan}")).isEmpty();
  }

  @Test
  void namespaceByScope() {
    assertThat(create("", "Pod", "{name: p}")).containsExactly("metadata.namespace: Required value");
    assertThat(create("", "Node", "{name: n, namespace: default}")).containsExactly("metadata.namespace: Forbidden: not allowed on this type");
    assertThat(create("", "Pod", "{name: p, namespace: Bad}")).singleElement().asString()
        .startsWith("metadata.namespace: Invalid value: \"Bad\": a lowercase RFC 1123 label");
  }

  @Test
  void labelsAnnotationsAndTheirSize() {
    assertThat(create("", "Pod", "{name: p, namespace: d, labels: {\"a/b/c\": x}}")).singleElement().asString()
        .startsWith("metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of");
    assertThat(create("", "Pod", "{name: p, namespace: d, labels: {app: \"-x\"}}")).singleElement().asString()
        .startsWith("metadata.labels: Invalid value: \"-x\": a valid label must be an empty string");
    assertThat(create("", "Pod", "{name: p, namespace: d, annotations: {Example.COM/Mixed: x}}")).isEmpty();
    assertThat(create("", "Pod", "{name: p, namespace: d, annotations: {big: " + "x".repeat(262144) + "}}"))
        .containsExactly("metadata.annotations: Too long: must have at most 262144 bytes");
  }

  @Test
  void finalizersAndOwnerReferences() {
    assertThat(create("", "Pod", "{name: p, namespace: d, finalizers: [custom]}")).containsExactly(
        "metadata.finalizers[0]: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified");
    assertThat(create("", "Pod", "{name: p, namespace: d, finalizers: [example.com/cleanup, kubernetes]}")).isEmpty();
    assertThat(create("", "Pod", "{name: p, namespace: d, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: rs}]}"))
        .containsExactly("metadata.ownerReferences.uid: Invalid value: \"\": must not be empty");
    assertThat(create("", "Pod", "{name: p, namespace: d, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: a, uid: "
        + "\"1\", controller: true}, {apiVersion: apps/v1, kind: ReplicaSet, name: b, uid: \"2\", controller: true}]}"))
        .singleElement().asString().endsWith("Only one reference can have Controller set to true. Found \"true\" in references "
            + "for ReplicaSet/a and ReplicaSet/b");
  }

  @Test
  void updateKeepsIdentityFieldsAndNeedsAResourceVersion() {
    String old = "{name: p, namespace: d, uid: u1, resourceVersion: \"5\", creationTimestamp: \"2024-05-01T10:00:00Z\"}";
    assertThat(update("", "Pod", old, old)).isEmpty();
    assertThat(update("", "Pod", "{name: q, namespace: d, uid: u2, resourceVersion: \"5\", creationTimestamp: \"2024-05-01T10:00:01Z\"}", old))
        .containsExactly("metadata.name: Invalid value: \"q\": field is immutable",
            "metadata.uid: Invalid value: \"u2\": field is immutable",
            "metadata.creationTimestamp: Invalid value: 2024-05-01 10:00:01 +0000 UTC: field is immutable");
    assertThat(update("", "Pod", "{name: p, namespace: d, uid: u1, creationTimestamp: \"2024-05-01T10:00:00Z\"}", old))
        .containsExactly("metadata.resourceVersion: Invalid value: \"\": must be specified for an update");
  }
}
