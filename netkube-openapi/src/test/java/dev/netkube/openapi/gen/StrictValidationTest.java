package dev.netkube.openapi.gen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.GroupVersionKind;
import dev.netkube.model.openapi.CustomResourceOpenApi;
import dev.netkube.model.openapi.OpenApiV3;
import dev.netkube.model.openapi.UnknownFields;
import dev.netkube.model.schema.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Strict field validation against the generated built-in schemas and a CRD built on them. */
class StrictValidationTest {
  private final OpenApiV3 api = OpenApiV3.loadBuiltins();

  @Test
  void seedStyleDeploymentWithTyposIsReportedAsUpstreamDoes() throws Exception {
    Schema deployment = api.schemaFor(new GroupVersionKind("apps", "v1", "Deployment")).orElseThrow();
    JsonNode d = Json.parseYaml("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web}
          annotations: {a: b}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: nginx
                image: nginx
                ports: [{containerPort: 80, protcol: TCP}]
                resources: {limits: {cpu: 500m, memory: 128Mi}}
                imagePullPolicy: IfNotPresent
                readinessProbe: {httpGet: {path: /, port: http}}
              nodeSelector: {disk: ssd}
          replica: 3
        """);
    List<String> unknown = UnknownFields.find(d, deployment);
    assertThat(unknown).containsExactly("spec.template.spec.containers[0].ports[0].protcol", "spec.replica");
    assertThat(UnknownFields.strictError(new GroupVersionKind("apps", "v1", "Deployment"), unknown).getMessage())
        .isEqualTo("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: "
            + "unknown field \"spec.template.spec.containers[0].ports[0].protcol\", unknown field \"spec.replica\"");
  }

  @Test
  void validServiceHasNoUnknownFields() throws Exception {
    Schema svc = api.schemaFor(new GroupVersionKind("", "v1", "Service")).orElseThrow();
    JsonNode s = Json.parseYaml("""
        apiVersion: v1
        kind: Service
        metadata: {name: clusterip-service, namespace: default}
        spec:
          type: NodePort
          selector: {app: nginx-for-svc}
          ports: [{port: 80, targetPort: 80, nodePort: 30000, protocol: TCP, name: http}]
          sessionAffinityConfig: {clientIP: {timeoutSeconds: 10}}
        status: {loadBalancer: {}}
        """);
    assertThat(UnknownFields.find(s, svc)).isEmpty();
  }

  @Test
  void customResourceDocumentBorrowsRealObjectMeta() throws Exception {
    JsonNode crd = Json.parseYaml("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: l2advertisements.metallb.io}
        spec:
          group: metallb.io
          scope: Namespaced
          names: {kind: L2Advertisement, plural: l2advertisements, singular: l2advertisement}
          versions:
          - name: v1beta1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      ipAddressPools: {type: array, items: {type: string}}
        """);
    Map<String, JsonNode> docs = CustomResourceOpenApi.documents(List.of(crd), api);
    docs.forEach(api::putDocument);
    JsonNode schemas = docs.get("apis/metallb.io/v1beta1").path("components").path("schemas");
    assertThat(schemas.has("io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry")).isTrue();
    Schema l2 = api.schemaFor(new GroupVersionKind("metallb.io", "v1beta1", "L2Advertisement")).orElseThrow();
    JsonNode cr = Json.parseYaml("""
        apiVersion: metallb.io/v1beta1
        kind: L2Advertisement
        metadata: {name: l2, namespace: metallb-system, ownerReferences: [{uid: x, bogus: 1}]}
        spec: {ipAddressPools: [first-pool], interfaces: [eth0]}
        """);
    assertThat(UnknownFields.find(cr, l2)).containsExactly("metadata.ownerReferences[0].bogus", "spec.interfaces");
  }
}
