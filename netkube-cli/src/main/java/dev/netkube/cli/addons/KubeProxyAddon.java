package dev.netkube.cli.addons;

import dev.netkube.apiserver.ApiServer;
import dev.netkube.proxy.config.KubeadmProxyConfig;
import dev.netkube.proxy.config.ProxyMode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import java.util.Map;

/**
 * kube-proxy as kubeadm 1.32 installs it (cmd/kubeadm/app/phases/addons/proxy): ServiceAccount kube-proxy,
 * ClusterRoleBinding kubeadm:node-proxier, the Role and RoleBinding kube-proxy for its ConfigMap, ConfigMap
 * kube-proxy ({@code kubeconfig.conf} pointing at the control-plane endpoint with the pod's service-account token,
 * {@code config.conf} a KubeProxyConfiguration), and DaemonSet kube-proxy (hostNetwork, every node). The image maps
 * to netkube's {@code proxy} role through the agent's image catalog. Only the mode differs: nftables.
 */
public final class KubeProxyAddon {
  public static final String NAME = "kube-proxy";
  public static final String NAMESPACE = "kube-system";
  public static final String IMAGE = "registry.k8s.io/kube-proxy:" + ApiServer.KUBERNETES_VERSION;

  private KubeProxyAddon() {}

  public static List<HasMetadata> objects(String controlPlaneEndpoint, String clusterCidr) {
    Map<String, String> appLabel = Map.of("app", NAME);
    Map<String, String> k8sApp = Map.of("k8s-app", NAME);
    return List.of(
        new ServiceAccountBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata().build(),
        new ClusterRoleBindingBuilder().withNewMetadata().withName("kubeadm:node-proxier").endMetadata()
            .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("system:node-proxier").endRoleRef()
            .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(NAMESPACE).endSubject().build(),
        new RoleBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata()
            .addNewRule().withApiGroups("").withResources("configmaps").withResourceNames(NAME).withVerbs("get").endRule().build(),
        new RoleBindingBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata()
            .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(NAME).endRoleRef()
            .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName("system:bootstrappers:kubeadm:default-node-token")
            .endSubject().build(),
        new ConfigMapBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE).withLabels(appLabel).endMetadata()
            .addToData("kubeconfig.conf", kubeconfig(controlPlaneEndpoint))
            .addToData("config.conf", KubeadmProxyConfig.text(clusterCidr, ProxyMode.NFTABLES)).build(),
        new DaemonSetBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE).withLabels(k8sApp).endMetadata()
            .withNewSpec().withNewSelector().withMatchLabels(k8sApp).endSelector()
            .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
            .withNewTemplate().withNewMetadata().withLabels(k8sApp).endMetadata()
            .withNewSpec().withPriorityClassName("system-node-critical")
            .addNewContainer().withName(NAME).withImage(IMAGE).withImagePullPolicy("IfNotPresent")
            .withCommand("/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)")
            .withNewSecurityContext().withNewCapabilities().withAdd("NET_ADMIN", "SYS_MODULE").endCapabilities().endSecurityContext()
            .addNewVolumeMount().withMountPath("/var/lib/kube-proxy").withName(NAME).endVolumeMount()
            .addNewVolumeMount().withMountPath("/run/xtables.lock").withName("xtables-lock").withReadOnly(false).endVolumeMount()
            .addNewVolumeMount().withMountPath("/lib/modules").withName("lib-modules").withReadOnly(true).endVolumeMount()
            .addNewEnv().withName("NODE_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef()
            .endValueFrom().endEnv()
            .endContainer()
            .withHostNetwork(true).withServiceAccountName(NAME)
            .addNewVolume().withName(NAME).withNewConfigMap().withName(NAME).endConfigMap().endVolume()
            .addNewVolume().withName("xtables-lock").withNewHostPath().withPath("/run/xtables.lock").withType("FileOrCreate").endHostPath().endVolume()
            .addNewVolume().withName("lib-modules").withNewHostPath().withPath("/lib/modules").endHostPath().endVolume()
            .addNewToleration().withKey("CriticalAddonsOnly").withOperator("Exists").endToleration()
            .addNewToleration().withOperator("Exists").endToleration()
            .withNodeSelector(Map.of("kubernetes.io/os", "linux"))
            .endSpec().endTemplate().endSpec().build());
  }

  /** kubeadm's kubeconfig.conf: the CA and token of the pod's projected service-account volume. */
  static String kubeconfig(String controlPlaneEndpoint) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
            server: %s
          name: default
        contexts:
        - context:
            cluster: default
            namespace: default
            user: default
          name: default
        current-context: default
        users:
        - name: default
          user:
            tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token""".formatted(controlPlaneEndpoint);
  }
}
