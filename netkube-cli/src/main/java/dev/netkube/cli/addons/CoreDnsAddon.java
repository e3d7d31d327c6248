package dev.netkube.cli.addons;

import dev.netkube.dns.corefile.KubeadmCorefile;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import java.util.List;
import java.util.Map;

/**
 * CoreDNS as kubeadm 1.32 installs it (cmd/kubeadm/app/phases/addons/dns): ServiceAccount coredns, ClusterRole and
 * ClusterRoleBinding system:coredns, ConfigMap coredns holding the Corefile (the seed's, kubeadm's default), Deployment
 * coredns (2 replicas, the image registry.k8s.io/coredns/coredns with {@code -conf /etc/coredns/Corefile}, probes on
 * :8080/health and :8181/ready) and Service kube-dns at the cluster DNS address with ports dns/53 UDP, dns-tcp/53 TCP,
 * metrics/9153. The image maps to netkube's {@code dns} role through the agent's image catalog.
 */
public final class CoreDnsAddon {
  public static final String NAME = "coredns";
  public static final String NAMESPACE = "kube-system";
  public static final String IMAGE = "registry.k8s.io/coredns/coredns:v1.11.3";
  public static final String CLUSTER_DNS_IP = "10.96.0.10";
  /** kubeadm's default Corefile, as the seed's {@code kubectl describe configmap coredns -n kube-system} shows it. */
  public static final String COREFILE = KubeadmCorefile.DEFAULT;

  private CoreDnsAddon() {}

  public static List<HasMetadata> objects() {
    Map<String, String> k8sApp = Map.of("k8s-app", "kube-dns");
    return List.of(
        new ServiceAccountBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata().build(),
        new ClusterRoleBuilder().withNewMetadata().withName("system:coredns").endMetadata()
            .addNewRule().withApiGroups("").withResources("endpoints", "services", "pods", "namespaces").withVerbs("list", "watch").endRule()
            .addNewRule().withApiGroups("discovery.k8s.io").withResources("endpointslices").withVerbs("list", "watch").endRule().build(),
        new ClusterRoleBindingBuilder().withNewMetadata().withName("system:coredns").endMetadata()
            .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("system:coredns").endRoleRef()
            .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(NAMESPACE).endSubject().build(),
        new ConfigMapBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata()
            .addToData("Corefile", COREFILE).build(),
        deployment(k8sApp),
        new ServiceBuilder().withNewMetadata().withName("kube-dns").withNamespace(NAMESPACE)
            .withLabels(Map.of("k8s-app", "kube-dns", "kubernetes.io/cluster-service", "true", "kubernetes.io/name", "CoreDNS"))
            .withAnnotations(Map.of("prometheus.io/port", "9153", "prometheus.io/scrape", "true")).endMetadata()
            .withNewSpec().withClusterIP(CLUSTER_DNS_IP).withSelector(k8sApp)
            .addNewPort().withName("dns").withPort(53).withProtocol("UDP").withTargetPort(new IntOrString(53)).endPort()
            .addNewPort().withName("dns-tcp").withPort(53).withProtocol("TCP").withTargetPort(new IntOrString(53)).endPort()
            .addNewPort().withName("metrics").withPort(9153).withProtocol("TCP").withTargetPort(new IntOrString(9153)).endPort()
            .endSpec().build());
  }

  private static HasMetadata deployment(Map<String, String> k8sApp) {
    return new DeploymentBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE).withLabels(k8sApp).endMetadata()
        .withNewSpec().withReplicas(2)
        .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxUnavailable(new IntOrString(1)).endRollingUpdate()
        .endStrategy()
        .withNewSelector().withMatchLabels(k8sApp).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(k8sApp).endMetadata()
        .withNewSpec().withPriorityClassName("system-cluster-critical").withServiceAccountName(NAME)
        .withNewAffinity().withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(100)
        .withNewPodAffinityTerm().withNewLabelSelector().addNewMatchExpression().withKey("k8s-app").withOperator("In")
        .withValues("kube-dns").endMatchExpression().endLabelSelector().withTopologyKey("kubernetes.io/hostname").endPodAffinityTerm()
        .endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity()
        .addNewToleration().withKey("CriticalAddonsOnly").withOperator("Exists").endToleration()
        .addNewToleration().withKey("node-role.kubernetes.io/control-plane").withEffect("NoSchedule").endToleration()
        .withNodeSelector(Map.of("kubernetes.io/os", "linux"))
        .addNewContainer().withName(NAME).withImage(IMAGE).withImagePullPolicy("IfNotPresent")
        .withNewResources().withLimits(Map.of("memory", new Quantity("170Mi")))
        .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("70Mi"))).endResources()
        .withArgs("-conf", "/etc/coredns/Corefile")
        .addNewVolumeMount().withName("config-volume").withMountPath("/etc/coredns").withReadOnly(true).endVolumeMount()
        .addNewPort().withContainerPort(53).withName("dns").withProtocol("UDP").endPort()
        .addNewPort().withContainerPort(53).withName("dns-tcp").withProtocol("TCP").endPort()
        .addNewPort().withContainerPort(9153).withName("metrics").withProtocol("TCP").endPort()
        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
        .withNewCapabilities().withAdd("NET_BIND_SERVICE").withDrop("ALL").endCapabilities().endSecurityContext()
        .withNewLivenessProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(8080)).withScheme("HTTP").endHttpGet()
        .withInitialDelaySeconds(60).withTimeoutSeconds(5).withSuccessThreshold(1).withFailureThreshold(5).endLivenessProbe()
        .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withPort(new IntOrString(8181)).withScheme("HTTP").endHttpGet()
        .endReadinessProbe()
        .endContainer()
        .withDnsPolicy("Default")
        .addNewVolume().withName("config-volume").withNewConfigMap().withName(NAME)
        .addNewItem().withKey("Corefile").withPath("Corefile").endItem().endConfigMap().endVolume()
        .endSpec().endTemplate().endSpec().build();
  }
}
