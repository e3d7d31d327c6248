package dev.netkube.agent.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Node a kubelet registers and the status it posts (kubelet's nodestatus setters): the
 * well-known labels, addresses (InternalIP, Hostname), capacity and allocatable, the four
 * conditions with kubelet's reasons and messages, daemonEndpoints (the kubelet port the API server
 * proxies exec, logs and port-forward to) and nodeInfo. A condition's lastTransitionTime moves only
 * when its status changes; lastHeartbeatTime is the time of this post. Pure.
 */
public final class NodeStatusBuilder {
  static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  /** kubelet's --max-pods default. */
  public static final int MAX_PODS = 110;

  private NodeStatusBuilder() {}

  /** What the agent knows of its node. */
  public record Facts(String nodeName, String internalIp, String hostname, int cpus, long memoryBytes,
      long ephemeralStorageBytes, int kubeletPort, String kubeletVersion, String runtimeVersion, String kernelVersion,
      String osImage, String machineId, String bootId, boolean networkReady) {}

  /** The object a kubelet creates when it registers (labels, annotations and status; spec.podCIDR comes from node IPAM). */
  public static Node registration(Facts facts, Instant now) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("beta.kubernetes.io/arch", "amd64");
    labels.put("beta.kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    labels.put("kubernetes.io/hostname", facts.nodeName());
    labels.put("kubernetes.io/os", "linux");
    return new NodeBuilder().withNewMetadata().withName(facts.nodeName()).withLabels(labels)
        .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
        .addToAnnotations("volumes.kubernetes.io/controller-managed-attach-detach", "true")
        .endMetadata().withStatus(status(facts, List.of(), now)).build();
  }

  public static NodeStatus status(Facts facts, List<NodeCondition> previous, Instant now) {
    Map<String, Quantity> capacity = new LinkedHashMap<>();
    capacity.put("cpu", new Quantity(Integer.toString(facts.cpus())));
    capacity.put("ephemeral-storage", new Quantity(facts.ephemeralStorageBytes() / 1024 + "Ki"));
    capacity.put("hugepages-1Gi", new Quantity("0"));
    capacity.put("hugepages-2Mi", new Quantity("0"));
    capacity.put("memory", new Quantity(facts.memoryBytes() / 1024 + "Ki"));
    capacity.put("pods", new Quantity(Integer.toString(MAX_PODS)));
    NodeStatus s = new NodeStatus();
    s.setCapacity(capacity);
    s.setAllocatable(new LinkedHashMap<>(capacity));
    s.setAddresses(List.of(new NodeAddressBuilder().withType("InternalIP").withAddress(facts.internalIp()).build(),
        new NodeAddressBuilder().withType("Hostname").withAddress(facts.hostname()).build()));
    s.setConditions(conditions(facts, previous, now));
    s.setDaemonEndpoints(new io.fabric8.kubernetes.api.model.NodeDaemonEndpointsBuilder().withNewKubeletEndpoint()
        .withPort(facts.kubeletPort()).endKubeletEndpoint().build());
    s.setNodeInfo(new io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder().withArchitecture("amd64")
        .withOperatingSystem("linux").withKernelVersion(facts.kernelVersion()).withOsImage(facts.osImage())
        .withContainerRuntimeVersion(facts.runtimeVersion()).withKubeletVersion(facts.kubeletVersion())
        .withKubeProxyVersion(facts.kubeletVersion()).withMachineID(facts.machineId()).withSystemUUID(facts.machineId())
        .withBootID(facts.bootId()).build());
    return s;
  }

  static List<NodeCondition> conditions(Facts facts, List<NodeCondition> previous, Instant now) {
    List<NodeCondition> out = new ArrayList<>();
    out.add(condition(previous, "MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now));
    out.add(condition(previous, "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now));
    out.add(condition(previous, "PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now));
    out.add(facts.networkReady()
        ? condition(previous, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now)
        : condition(previous, "Ready", "False", "KubeletNotReady",
            "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized",
            now));
    return out;
  }

  private static NodeCondition condition(List<NodeCondition> previous, String type, String status, String reason,
      String message, Instant now) {
    String at = RFC3339.format(now);
    String since = previous.stream().filter(c -> type.equals(c.getType()) && status.equals(c.getStatus())
        && c.getLastTransitionTime() != null).map(NodeCondition::getLastTransitionTime).findFirst().orElse(at);
    return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastHeartbeatTime(at).withLastTransitionTime(since).build();
  }
}
