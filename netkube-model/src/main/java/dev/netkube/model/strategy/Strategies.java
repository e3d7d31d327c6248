package dev.netkube.model.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.api.ResourceType;
import dev.netkube.model.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The registry: the strategy of each built-in kind, {@link ResourceStrategy#NONE} for the rest. */
public final class Strategies {
  private static final Map<String, ResourceStrategy> BY_GROUP_KIND = Map.ofEntries(
      Map.entry("/Service", new ServiceStrategy()),
      Map.entry("/Pod", new PodStrategy()),
      Map.entry("/ConfigMap", ConfigDataStrategies.CONFIG_MAP),
      Map.entry("/Secret", ConfigDataStrategies.SECRET),
      Map.entry("/Namespace", ClusterStrategies.NAMESPACE),
      Map.entry("/Node", ClusterStrategies.NODE),
      Map.entry("/Endpoints", EndpointStrategies.ENDPOINTS),
      Map.entry("/Event", CoordinationStrategies.CORE_EVENT),
      Map.entry("apps/Deployment", WorkloadStrategies.DEPLOYMENT),
      Map.entry("apps/ReplicaSet", WorkloadStrategies.REPLICA_SET),
      Map.entry("apps/DaemonSet", WorkloadStrategies.DAEMON_SET),
      Map.entry("apps/StatefulSet", WorkloadStrategies.STATEFUL_SET),
      Map.entry("batch/Job", JobStrategies.JOB),
      Map.entry("batch/CronJob", JobStrategies.CRON_JOB),
      Map.entry("discovery.k8s.io/EndpointSlice", EndpointStrategies.ENDPOINT_SLICE),
      Map.entry("networking.k8s.io/Ingress", NetworkingStrategies.INGRESS),
      Map.entry("networking.k8s.io/IngressClass", NetworkingStrategies.INGRESS_CLASS),
      Map.entry("networking.k8s.io/NetworkPolicy", NetworkingStrategies.NETWORK_POLICY),
      Map.entry("coordination.k8s.io/Lease", CoordinationStrategies.LEASE),
      Map.entry("events.k8s.io/Event", CoordinationStrategies.EVENTS_V1_EVENT),
      Map.entry("policy/PodDisruptionBudget", PolicyStrategies.POD_DISRUPTION_BUDGET),
      Map.entry("rbac.authorization.k8s.io/Role", RbacStrategies.ROLE),
      Map.entry("rbac.authorization.k8s.io/ClusterRole", RbacStrategies.CLUSTER_ROLE),
      Map.entry("rbac.authorization.k8s.io/RoleBinding", RbacStrategies.ROLE_BINDING),
      Map.entry("rbac.authorization.k8s.io/ClusterRoleBinding", RbacStrategies.CLUSTER_ROLE_BINDING),
      Map.entry("admissionregistration.k8s.io/ValidatingWebhookConfiguration", WebhookStrategies.VALIDATING),
      Map.entry("admissionregistration.k8s.io/MutatingWebhookConfiguration", WebhookStrategies.MUTATING));

  private Strategies() {}

  /** The strategy for a served type; kinds without specific rules (ServiceAccount, CRDs, ...) get NONE. */
  public static ResourceStrategy forType(ResourceType type) {
    return BY_GROUP_KIND.getOrDefault(type.group() + "/" + type.kind(), ResourceStrategy.NONE);
  }

  /**
   * The whole write-path check as kube-apiserver runs it: metadata validation then the kind's
   * own rules ({@code oldOrNull} is the stored object on update). Defaults must already be applied.
   */
  public static List<FieldError> validate(ResourceType type, ObjectNode object, ObjectNode oldOrNull) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(type, object, oldOrNull));
    ResourceStrategy strategy = forType(type);
    errs.addAll(oldOrNull == null ? strategy.validateCreate(object) : strategy.validateUpdate(object, oldOrNull));
    return errs;
  }
}
