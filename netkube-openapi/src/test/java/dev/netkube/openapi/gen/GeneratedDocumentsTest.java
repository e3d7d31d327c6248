package dev.netkube.openapi.gen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.BuiltinResources;
import dev.netkube.model.api.GroupVersionKind;
import dev.netkube.model.api.ResourceType;
import dev.netkube.model.openapi.OpenApiV3;
import dev.netkube.model.schema.Schema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the documents the build wrote into target/classes (what ships in netkube-openapi.jar). */
class GeneratedDocumentsTest {
  private static final OpenApiV3 API = OpenApiV3.loadBuiltins();

  private static JsonNode doc(String gv) throws IOException {
    return Json.parse(API.document(gv).orElseThrow(() -> new AssertionError("no document " + gv)));
  }

  private static Schema kind(String group, String kind) {
    return API.schemaFor(new GroupVersionKind(group, "v1", kind)).orElseThrow(() -> new AssertionError(kind));
  }

  @Test
  void oneDocumentPerServedGroupVersion() throws IOException {
    JsonNode index = Json.parse(API.index()).path("paths");
    List<String> gvs = new ArrayList<>();
    index.fieldNames().forEachRemaining(gvs::add);
    assertThat(gvs).containsExactlyInAnyOrder("api/v1", "apis/apps/v1", "apis/batch/v1", "apis/discovery.k8s.io/v1",
        "apis/networking.k8s.io/v1", "apis/coordination.k8s.io/v1", "apis/events.k8s.io/v1", "apis/policy/v1",
        "apis/rbac.authorization.k8s.io/v1", "apis/admissionregistration.k8s.io/v1", "apis/apiextensions.k8s.io/v1",
        "apis/authentication.k8s.io/v1", "apis/authorization.k8s.io/v1");
    assertThat(index.path("api/v1").path("serverRelativeURL").asText()).matches("/openapi/v3/api/v1\\?hash=[0-9A-F]{128}");
  }

  @Test
  void everyServedKindHasASchemaWithItsGvk() {
    for (ResourceType t : BuiltinResources.all()) {
      assertThat(API.schemaFor(t.gvk())).as(t.gvk().toString()).isPresent();
      // Reviews are create-only: no list kind, as upstream.
      if (!BuiltinResources.isReview(t)) {
        assertThat(API.schemaFor(new GroupVersionKind(t.group(), t.version(), t.kind() + "List"))).isPresent();
      }
    }
  }

  @Test
  void serviceSchemaCarriesUpstreamNamesDescriptionsRequiredAndMergeKeys() throws IOException {
    JsonNode schemas = doc("api/v1").path("components").path("schemas");
    JsonNode service = schemas.path("io.k8s.api.core.v1.Service");
    assertThat(service.path("x-kubernetes-group-version-kind"))
        .isEqualTo(Json.parse("[{\"group\":\"\",\"kind\":\"Service\",\"version\":\"v1\"}]"));
    assertThat(service.path("properties").path("metadata").path("allOf").get(0).path("$ref").asText())
        .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(service.path("properties").path("spec").path("description").asText())
        .startsWith("Spec defines the behavior of a service.");

    JsonNode ports = schemas.path("io.k8s.api.core.v1.ServiceSpec").path("properties").path("ports");
    assertThat(ports.path("x-kubernetes-patch-merge-key").asText()).isEqualTo("port");
    assertThat(ports.path("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
    assertThat(ports.path("x-kubernetes-list-type").asText()).isEqualTo("map");
    assertThat(ports.path("x-kubernetes-list-map-keys")).isEqualTo(Json.parse("[\"port\",\"protocol\"]"));
    assertThat(ports.path("items").path("allOf").get(0).path("$ref").asText())
        .isEqualTo("#/components/schemas/io.k8s.api.core.v1.ServicePort");

    JsonNode port = schemas.path("io.k8s.api.core.v1.ServicePort");
    assertThat(port.path("required")).isEqualTo(Json.parse("[\"port\"]"));
    assertThat(port.path("properties").path("port")).isEqualTo(Json.parse(
        "{\"description\":\"The port that will be exposed by this service.\",\"format\":\"int32\",\"type\":\"integer\"}"));
    assertThat(port.path("properties").path("targetPort").path("description").asText())
        .startsWith("Number or name of the port to access on the pods targeted by the service.");
    assertThat(schemas.path("io.k8s.apimachinery.pkg.util.intstr.IntOrString").path("x-kubernetes-int-or-string").asBoolean())
        .isTrue();
  }

  @Test
  void mergeMetadataOfPodsAndMetaReachTheSchemaView() {
    Schema pod = kind("", "Pod");
    Schema podSpec = pod.property("spec").orElseThrow();
    Schema containers = podSpec.property("containers").orElseThrow();
    assertThat(containers.patchMergeKey()).contains("name");
    Schema container = containers.items();
    assertThat(container.property("ports").orElseThrow().patchMergeKey()).contains("containerPort");
    assertThat(container.property("ports").orElseThrow().listMapKeys()).containsExactly("containerPort", "protocol");
    assertThat(container.property("env").orElseThrow().patchMergeKey()).contains("name");
    assertThat(container.property("volumeMounts").orElseThrow().patchMergeKey()).contains("mountPath");
    assertThat(podSpec.property("volumes").orElseThrow().patchStrategy()).contains("merge,retainKeys");
    assertThat(podSpec.property("imagePullSecrets").orElseThrow().patchMergeKey()).contains("name");
    assertThat(podSpec.property("tolerations").orElseThrow().patchMergeKey()).isEmpty();
    assertThat(podSpec.property("tolerations").orElseThrow().listType()).contains("atomic");
    assertThat(podSpec.property("nodeSelector").orElseThrow().mapType()).contains("atomic");

    Schema meta = pod.property("metadata").orElseThrow();
    assertThat(meta.property("ownerReferences").orElseThrow().patchMergeKey()).contains("uid");
    assertThat(meta.property("finalizers").orElseThrow().patchStrategy()).contains("merge");
    assertThat(meta.property("finalizers").orElseThrow().listType()).contains("set");
    assertThat(meta.property("labels").orElseThrow().additionalProperties().orElseThrow().type()).isEqualTo("string");
    assertThat(meta.property("creationTimestamp").orElseThrow().format()).isEqualTo("date-time");

    Schema deployment = kind("apps", "Deployment");
    Schema template = deployment.property("spec").orElseThrow().property("template").orElseThrow();
    assertThat(template.property("spec").orElseThrow().property("containers").orElseThrow().patchMergeKey())
        .contains("name");
    assertThat(deployment.property("spec").orElseThrow().property("selector").orElseThrow().mapType())
        .contains("atomic");
    assertThat(kind("", "Node").property("status").orElseThrow().property("conditions").orElseThrow().patchMergeKey())
        .contains("type");
  }

  @Test
  void patchStrategyOfAStructFieldSitsBesideItsAllOfAsUpstream() throws IOException {
    // Schema's view resolves the allOf wrapper and so does not show these; the raw document has them.
    JsonNode schemas = doc("apis/apps/v1").path("components").path("schemas");
    assertThat(schemas.at("/io.k8s.api.apps.v1.DeploymentSpec/properties/strategy/x-kubernetes-patch-strategy").asText())
        .isEqualTo("retainKeys");
    assertThat(doc("apis/policy/v1").path("components").path("schemas")
        .at("/io.k8s.api.policy.v1.PodDisruptionBudgetSpec/properties/selector/x-kubernetes-patch-strategy").asText())
        .isEqualTo("replace");
  }

  @Test
  void everyPatchFactNamesAGeneratedFieldUnlessTheFieldIsNewerThanTheClientJavaModels() throws IOException {
    java.util.Set<String> generated = new java.util.HashSet<>();
    for (String gv : List.of("api/v1", "apis/apps/v1", "apis/batch/v1", "apis/discovery.k8s.io/v1",
        "apis/networking.k8s.io/v1", "apis/policy/v1", "apis/rbac.authorization.k8s.io/v1",
        "apis/admissionregistration.k8s.io/v1", "apis/apiextensions.k8s.io/v1")) {
      doc(gv).path("components").path("schemas").fields().forEachRemaining(c -> {
        String type = c.getKey().substring(c.getKey().lastIndexOf('.') + 1);
        c.getValue().path("properties").fieldNames().forEachRemaining(f -> generated.add(type + "." + f));
      });
    }
    List<String> unmatched = PatchFacts.FIELDS.keySet().stream().filter(k -> !generated.contains(k)).sorted().toList();
    // Fields added after Kubernetes 1.26 (client-java-api 18): absent from its models, so no property to annotate.
    assertThat(unmatched).isSubsetOf("PodSpec.schedulingGates", "PodSpec.resourceClaims", "ResourceRequirements.claims",
        "PodAffinityTerm.matchLabelKeys", "PodAffinityTerm.mismatchLabelKeys", "PodStatus.hostIPs",
        "PodStatus.resourceClaimStatuses", "ContainerStatus.volumeMounts", "IngressLoadBalancerStatus.ingress",
        "IngressLoadBalancerIngress.ports", "Container.resizePolicy", "EphemeralContainer.resizePolicy",
        "ValidatingWebhook.matchConditions", "MutatingWebhook.matchConditions", "NodeStatus.runtimeHandlers");
  }

  @Test
  void nestedTypesAreNamedInTheGroupThatDefinesThem() throws IOException {
    List<String> apps = new ArrayList<>();
    doc("apis/apps/v1").path("components").path("schemas").fieldNames().forEachRemaining(apps::add);
    assertThat(apps).contains("io.k8s.api.core.v1.PodTemplateSpec", "io.k8s.api.core.v1.PersistentVolumeClaim",
        "io.k8s.api.apps.v1.DeploymentSpec", "io.k8s.api.autoscaling.v1.Scale",
        "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", "io.k8s.apimachinery.pkg.api.resource.Quantity");
    List<String> discovery = new ArrayList<>();
    doc("apis/discovery.k8s.io/v1").path("components").path("schemas").fieldNames().forEachRemaining(discovery::add);
    assertThat(discovery).contains("io.k8s.api.discovery.v1.EndpointPort", "io.k8s.api.core.v1.ObjectReference");
  }

  @Test
  void everyPatchOperationOffersStrategicMergeAndFieldValidation() throws IOException {
    int patches = 0;
    for (ResourceType t : BuiltinResources.all()) {
      JsonNode paths = doc(GenerateOpenApi.gvPath(t)).path("paths");
      for (Map.Entry<String, JsonNode> p : (Iterable<Map.Entry<String, JsonNode>>) paths::fields) {
        JsonNode patch = p.getValue().get("patch");
        if (patch == null) continue;
        patches++;
        List<String> types = new ArrayList<>();
        patch.path("requestBody").path("content").fieldNames().forEachRemaining(types::add);
        assertThat(types).as(p.getKey()).containsExactly("application/apply-patch+yaml",
            "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json");
        List<String> query = new ArrayList<>();
        patch.path("parameters").forEach(q -> { if (q.path("in").asText().equals("query")) query.add(q.path("name").asText()); });
        assertThat(query).as(p.getKey()).containsExactly("dryRun", "fieldManager", "fieldValidation", "force");
        assertThat(patch.path("x-kubernetes-action").asText()).isEqualTo("patch");
      }
    }
    assertThat(patches).isGreaterThan(40);
  }

  @Test
  void servicePathsCarryGvkAndActions() throws IOException {
    JsonNode paths = doc("api/v1").path("paths");
    JsonNode item = paths.path("/api/v1/namespaces/{namespace}/services/{name}");
    for (String[] op : new String[][] {{"get", "get"}, {"put", "put"}, {"patch", "patch"}, {"delete", "delete"}}) {
      assertThat(item.path(op[0]).path("x-kubernetes-action").asText()).isEqualTo(op[1]);
      assertThat(item.path(op[0]).path("x-kubernetes-group-version-kind"))
          .isEqualTo(Json.parse("{\"group\":\"\",\"kind\":\"Service\",\"version\":\"v1\"}"));
    }
    JsonNode collection = paths.path("/api/v1/namespaces/{namespace}/services");
    assertThat(collection.path("get").path("x-kubernetes-action").asText()).isEqualTo("list");
    assertThat(collection.path("post").path("x-kubernetes-action").asText()).isEqualTo("post");
    assertThat(collection.path("delete").path("x-kubernetes-action").asText()).isEqualTo("deletecollection");
    assertThat(paths.path("/api/v1/services").path("get").path("operationId").asText())
        .isEqualTo("listCoreV1ServiceForAllNamespaces");
    assertThat(paths.path("/api/v1/namespaces/{namespace}/services/{name}/status").path("patch")
        .path("operationId").asText()).isEqualTo("patchCoreV1NamespacedServiceStatus");
    assertThat(doc("apis/apps/v1").path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale")
        .path("put").path("x-kubernetes-group-version-kind"))
        .isEqualTo(Json.parse("{\"group\":\"autoscaling\",\"kind\":\"Scale\",\"version\":\"v1\"}"));
    assertThat(paths.has("/api/v1/namespaces/{name}")).isTrue();
  }
}
