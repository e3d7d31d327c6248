package dev.netkube.openapi.gen;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's merge metadata that client-java's models do not carry. Facts, not code: taken from the
 * struct tags and markers of k8s.io/api and k8s.io/apimachinery v0.32 ({@code patchStrategy},
 * {@code patchMergeKey}, {@code +listType}, {@code +listMapKey}, {@code +mapType}, {@code +structType}),
 * which kube-openapi turns into the {@code x-kubernetes-*} extensions. Strategic merge patch reads the
 * patch ones, server-side apply the list/map ones. Keys are "Type.jsonField" with the type's short name.
 */
final class PatchFacts {
  /** patchMergeKey, patchStrategy, listType, listMapKeys, mapType of one field; "" = absent. */
  record Field(String mergeKey, String strategy, String listType, List<String> listMapKeys, String mapType) {}

  private PatchFacts() {}

  private static Field merge(String key, String listType, String... mapKeys) {
    return new Field(key, "merge", listType, List.of(mapKeys), "");
  }

  private static Field mapList(String... keys) { return new Field("", "", "map", List.of(keys), ""); }

  private static final Field ATOMIC = new Field("", "", "atomic", List.of(), "");
  private static final Field SET = new Field("", "", "set", List.of(), "");
  private static final Field ATOMIC_MAP = new Field("", "", "", List.of(), "atomic");

  /** Container fields are shared by Container and EphemeralContainer (upstream's EphemeralContainerCommon). */
  private static final Map<String, Field> CONTAINER = Map.of(
      "command", ATOMIC, "args", ATOMIC, "envFrom", ATOMIC, "resizePolicy", ATOMIC,
      "ports", merge("containerPort", "map", "containerPort", "protocol"),
      "env", merge("name", "map", "name"),
      "volumeMounts", merge("mountPath", "map", "mountPath"),
      "volumeDevices", merge("devicePath", "map", "devicePath"));

  static final Map<String, Field> FIELDS = build();

  /** Struct types upstream marks {@code +structType=atomic}: x-kubernetes-map-type: atomic on the component. */
  static final Set<String> ATOMIC_STRUCTS = Set.of(
      "SecretReference", "ObjectFieldSelector", "ResourceFieldSelector", "ConfigMapKeySelector", "SecretKeySelector",
      "NodeSelector", "NodeSelectorTerm", "TopologySelectorTerm", "EndpointAddress", "EndpointPort", "ObjectReference",
      "LocalObjectReference", "TypedLocalObjectReference", "ScopeSelector", "ServiceBackendPort", "Subject", "RoleRef",
      "CrossVersionObjectReference", "OwnerReference", "LabelSelector");

  private static Map<String, Field> build() {
    Map<String, Field> f = new java.util.HashMap<>();
    CONTAINER.forEach((k, v) -> {
      f.put("Container." + k, v);
      f.put("EphemeralContainer." + k, v);
    });
    // core/v1 PodSpec
    f.put("PodSpec.volumes", new Field("name", "merge,retainKeys", "map", List.of("name"), ""));
    f.put("PodSpec.initContainers", merge("name", "map", "name"));
    f.put("PodSpec.containers", merge("name", "map", "name"));
    f.put("PodSpec.ephemeralContainers", merge("name", "map", "name"));
    f.put("PodSpec.imagePullSecrets", merge("name", "map", "name"));
    f.put("PodSpec.hostAliases", merge("ip", "map", "ip"));
    f.put("PodSpec.topologySpreadConstraints", merge("topologyKey", "map", "topologyKey", "whenUnsatisfiable"));
    f.put("PodSpec.schedulingGates", merge("name", "map", "name"));
    f.put("PodSpec.resourceClaims", new Field("name", "merge,retainKeys", "map", List.of("name"), ""));
    f.put("PodSpec.nodeSelector", ATOMIC_MAP);
    f.put("PodSpec.tolerations", ATOMIC);
    f.put("PodSpec.readinessGates", ATOMIC);
    f.put("TopologySpreadConstraint.matchLabelKeys", ATOMIC);
    f.put("HostAlias.hostnames", ATOMIC);
    f.put("PodSecurityContext.supplementalGroups", ATOMIC);
    f.put("PodSecurityContext.sysctls", ATOMIC);
    f.put("PodDNSConfig.nameservers", ATOMIC);
    f.put("PodDNSConfig.searches", ATOMIC);
    f.put("PodDNSConfig.options", ATOMIC);
    f.put("ResourceRequirements.claims", mapList("name"));
    f.put("HTTPGetAction.httpHeaders", ATOMIC);
    f.put("ExecAction.command", ATOMIC);
    f.put("Capabilities.add", ATOMIC);
    f.put("Capabilities.drop", ATOMIC);
    f.put("NodeSelector.nodeSelectorTerms", ATOMIC);
    f.put("NodeSelectorTerm.matchExpressions", ATOMIC);
    f.put("NodeSelectorTerm.matchFields", ATOMIC);
    f.put("NodeSelectorRequirement.values", ATOMIC);
    f.put("NodeAffinity.preferredDuringSchedulingIgnoredDuringExecution", ATOMIC);
    for (String t : List.of("PodAffinity", "PodAntiAffinity")) {
      f.put(t + ".requiredDuringSchedulingIgnoredDuringExecution", ATOMIC);
      f.put(t + ".preferredDuringSchedulingIgnoredDuringExecution", ATOMIC);
    }
    f.put("PodAffinityTerm.namespaces", ATOMIC);
    f.put("PodAffinityTerm.matchLabelKeys", ATOMIC);
    f.put("PodAffinityTerm.mismatchLabelKeys", ATOMIC);
    f.put("SecretVolumeSource.items", ATOMIC);
    f.put("ConfigMapVolumeSource.items", ATOMIC);
    f.put("DownwardAPIVolumeSource.items", ATOMIC);
    f.put("ProjectedVolumeSource.sources", ATOMIC);
    f.put("SecretProjection.items", ATOMIC);
    f.put("ConfigMapProjection.items", ATOMIC);
    f.put("DownwardAPIProjection.items", ATOMIC);
    f.put("PersistentVolumeClaimSpec.accessModes", ATOMIC);
    // core/v1 PodStatus
    f.put("PodStatus.conditions", merge("type", "map", "type"));
    f.put("PodStatus.hostIPs", merge("ip", "atomic"));
    f.put("PodStatus.podIPs", merge("ip", "map", "ip"));
    f.put("PodStatus.initContainerStatuses", ATOMIC);
    f.put("PodStatus.containerStatuses", ATOMIC);
    f.put("PodStatus.ephemeralContainerStatuses", ATOMIC);
    f.put("PodStatus.resourceClaimStatuses", new Field("name", "merge,retainKeys", "map", List.of("name"), ""));
    f.put("ContainerStatus.volumeMounts", merge("mountPath", "map", "mountPath"));
    // core/v1 Service, ServiceAccount, Endpoints
    f.put("ServiceSpec.ports", merge("port", "map", "port", "protocol"));
    f.put("ServiceSpec.selector", ATOMIC_MAP);
    f.put("ServiceSpec.clusterIPs", ATOMIC);
    f.put("ServiceSpec.externalIPs", ATOMIC);
    f.put("ServiceSpec.loadBalancerSourceRanges", ATOMIC);
    f.put("ServiceSpec.ipFamilies", ATOMIC);
    f.put("ServiceStatus.conditions", merge("type", "map", "type"));
    f.put("LoadBalancerStatus.ingress", ATOMIC);
    f.put("LoadBalancerIngress.ports", ATOMIC);
    f.put("ServiceAccount.secrets", merge("name", "map", "name"));
    f.put("ServiceAccount.imagePullSecrets", ATOMIC);
    f.put("Endpoints.subsets", ATOMIC);
    f.put("EndpointSubset.addresses", ATOMIC);
    f.put("EndpointSubset.notReadyAddresses", ATOMIC);
    f.put("EndpointSubset.ports", ATOMIC);
    // core/v1 Node, Namespace
    f.put("NodeSpec.podCIDRs", new Field("", "merge", "set", List.of(), ""));
    f.put("NodeSpec.taints", ATOMIC);
    f.put("NodeStatus.conditions", merge("type", "map", "type"));
    f.put("NodeStatus.addresses", merge("type", "map", "type"));
    f.put("NodeStatus.images", ATOMIC);
    f.put("NodeStatus.volumesInUse", ATOMIC);
    f.put("NodeStatus.volumesAttached", ATOMIC);
    f.put("ContainerImage.names", ATOMIC);
    f.put("NamespaceSpec.finalizers", ATOMIC);
    f.put("NamespaceStatus.conditions", merge("type", "map", "type"));
    f.put("PersistentVolumeClaimStatus.conditions", merge("type", "map", "type"));
    // apps/v1
    f.put("StatefulSetSpec.volumeClaimTemplates", ATOMIC);
    f.put("DeploymentSpec.strategy", new Field("", "retainKeys", "", List.of(), ""));
    for (String t : List.of("StatefulSetStatus", "DeploymentStatus", "DaemonSetStatus", "ReplicaSetStatus")) {
      f.put(t + ".conditions", merge("type", "map", "type"));
    }
    // batch/v1
    f.put("JobStatus.conditions", merge("type", "atomic"));
    f.put("PodFailurePolicy.rules", ATOMIC);
    f.put("PodFailurePolicyRule.onPodConditions", ATOMIC);
    f.put("PodFailurePolicyOnExitCodesRequirement.values", SET);
    f.put("UncountedTerminatedPods.succeeded", SET);
    f.put("UncountedTerminatedPods.failed", SET);
    f.put("CronJobStatus.active", ATOMIC);
    // discovery.k8s.io/v1
    f.put("EndpointSlice.endpoints", ATOMIC);
    f.put("EndpointSlice.ports", ATOMIC);
    f.put("Endpoint.addresses", SET);
    f.put("EndpointHints.forZones", ATOMIC);
    // networking.k8s.io/v1
    for (String t : List.of("ingress", "egress", "policyTypes")) f.put("NetworkPolicySpec." + t, ATOMIC);
    f.put("NetworkPolicyIngressRule.ports", ATOMIC);
    f.put("NetworkPolicyIngressRule.from", ATOMIC);
    f.put("NetworkPolicyEgressRule.ports", ATOMIC);
    f.put("NetworkPolicyEgressRule.to", ATOMIC);
    f.put("IPBlock.except", ATOMIC);
    f.put("IngressSpec.tls", ATOMIC);
    f.put("IngressSpec.rules", ATOMIC);
    f.put("IngressTLS.hosts", ATOMIC);
    f.put("IngressLoadBalancerStatus.ingress", ATOMIC);
    f.put("IngressLoadBalancerIngress.ports", ATOMIC);
    f.put("HTTPIngressRuleValue.paths", ATOMIC);
    // policy/v1
    f.put("PodDisruptionBudgetSpec.selector", new Field("", "replace", "", List.of(), ""));
    f.put("PodDisruptionBudgetStatus.conditions", merge("type", "map", "type"));
    // rbac.authorization.k8s.io/v1
    for (String t : List.of("verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs")) {
      f.put("PolicyRule." + t, ATOMIC);
    }
    f.put("Role.rules", ATOMIC);
    f.put("ClusterRole.rules", ATOMIC);
    f.put("RoleBinding.subjects", ATOMIC);
    f.put("ClusterRoleBinding.subjects", ATOMIC);
    f.put("AggregationRule.clusterRoleSelectors", ATOMIC);
    // admissionregistration.k8s.io/v1
    f.put("ValidatingWebhookConfiguration.webhooks", merge("name", "map", "name"));
    f.put("MutatingWebhookConfiguration.webhooks", merge("name", "map", "name"));
    for (String t : List.of("ValidatingWebhook", "MutatingWebhook")) {
      f.put(t + ".rules", ATOMIC);
      f.put(t + ".admissionReviewVersions", ATOMIC);
      f.put(t + ".matchConditions", merge("name", "map", "name"));
    }
    f.put("RuleWithOperations.operations", ATOMIC);
    f.put("RuleWithOperations.apiGroups", ATOMIC);
    f.put("RuleWithOperations.apiVersions", ATOMIC);
    f.put("RuleWithOperations.resources", ATOMIC);
    // apiextensions.k8s.io/v1
    f.put("CustomResourceDefinitionSpec.versions", ATOMIC);
    f.put("CustomResourceDefinitionVersion.additionalPrinterColumns", ATOMIC);
    f.put("CustomResourceDefinitionNames.shortNames", ATOMIC);
    f.put("CustomResourceDefinitionNames.categories", ATOMIC);
    f.put("CustomResourceDefinitionStatus.conditions", mapList("type"));
    f.put("CustomResourceDefinitionStatus.storedVersions", ATOMIC);
    f.put("WebhookConversion.conversionReviewVersions", ATOMIC);
    // meta/v1
    f.put("ObjectMeta.ownerReferences", merge("uid", "map", "uid"));
    f.put("ObjectMeta.finalizers", new Field("", "merge", "set", List.of(), ""));
    f.put("ObjectMeta.managedFields", ATOMIC);
    f.put("LabelSelector.matchExpressions", ATOMIC);
    f.put("LabelSelectorRequirement.values", ATOMIC);
    return Map.copyOf(f);
  }
}
