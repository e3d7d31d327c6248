package dev.netkube.agent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pod's status as kubelet reports it (generateAPIPodStatus): the phase ({@link PodPhases}),
 * the conditions PodReadyToStartContainers, Initialized, Ready, ContainersReady (PodScheduled is
 * kept from the scheduler) with upstream's reasons and messages, podIP(s), hostIP(s), startTime
 * and a containerStatuses entry per container. A condition keeps its lastTransitionTime while its
 * status stays the same. Pure: the pod, what the agent knows and the time in, a status out.
 */
public final class PodStatusBuilder {
  static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  /** The containerID scheme, as containerd's "containerd://<id>". */
  public static final String RUNTIME = "netkube";

  private PodStatusBuilder() {}

  /** What the agent knows of a pod beyond its containers. */
  public record Observed(
      boolean sandboxReady,
      List<String> podIps,
      List<String> hostIps,
      Map<String, ContainerRecord> containers,
      boolean terminal) {}

  public static PodStatus build(Pod pod, Observed seen, Instant now) {
    PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    List<PodPhases.InitContainer> inits = new ArrayList<>();
    for (Container c : pod.getSpec().getInitContainers()) inits.add(new PodPhases.InitContainer(c.getName(), restartable(c)));
    List<String> names = pod.getSpec().getContainers().stream().map(Container::getName).toList();
    String restartPolicy = Objects.requireNonNullElse(pod.getSpec().getRestartPolicy(), "Always");
    String phase = PodPhases.phase(inits, names, restartPolicy, seen.containers(), seen.terminal());
    boolean completed = phase.equals(PodPhases.SUCCEEDED) || phase.equals(PodPhases.FAILED);

    List<String> incomplete = new ArrayList<>();
    for (PodPhases.InitContainer c : inits) {
      ContainerRecord r = seen.containers().get(c.name());
      boolean done = r != null && (c.restartable() ? r.started()
          : r.state() instanceof ContainerRecord.State.Terminated t && t.exitCode() == 0);
      if (!done) incomplete.add(c.name());
    }
    List<String> unready = new ArrayList<>();
    for (String n : names) {
      ContainerRecord r = seen.containers().get(n);
      if (r == null || !r.ready()) unready.add(n);
    }
    for (PodPhases.InitContainer c : inits) {
      ContainerRecord r = seen.containers().get(c.name());
      if (c.restartable() && (r == null || !r.ready())) unready.add(c.name());
    }

    Map<String, PodCondition> previous = new LinkedHashMap<>();
    for (PodCondition c : old.getConditions()) previous.put(c.getType(), c);
    List<PodCondition> conditions = new ArrayList<>();
    conditions.add(condition(previous, "PodReadyToStartContainers", seen.sandboxReady() ? "True" : "False", null, null, now));
    conditions.add(incomplete.isEmpty() ? condition(previous, "Initialized", "True", null, null, now)
        : condition(previous, "Initialized", "False", "ContainersNotInitialized",
            "containers with incomplete status: " + goList(incomplete), now));
    String readyReason = completed ? "PodCompleted" : "ContainersNotReady";
    String readyMessage = completed ? null : "containers with unready status: " + goList(unready);
    boolean ready = unready.isEmpty() && !completed;
    conditions.add(ready ? condition(previous, "Ready", "True", null, null, now)
        : condition(previous, "Ready", "False", readyReason, readyMessage, now));
    conditions.add(ready ? condition(previous, "ContainersReady", "True", null, null, now)
        : condition(previous, "ContainersReady", "False", readyReason, readyMessage, now));
    PodCondition scheduled = previous.get("PodScheduled");
    if (scheduled != null) conditions.add(scheduled);

    PodStatus status = new PodStatus();
    status.setPhase(phase);
    status.setConditions(conditions);
    status.setQosClass(old.getQosClass());
    status.setStartTime(old.getStartTime() != null ? old.getStartTime() : RFC3339.format(now));
    if (!seen.hostIps().isEmpty()) {
      status.setHostIP(seen.hostIps().get(0));
      status.setHostIPs(seen.hostIps().stream().map(HostIP::new).toList());
    }
    if (!seen.podIps().isEmpty()) {
      status.setPodIP(seen.podIps().get(0));
      status.setPodIPs(seen.podIps().stream().map(PodIP::new).toList());
    }
    List<ContainerStatus> initStatuses = new ArrayList<>();
    for (Container c : pod.getSpec().getInitContainers()) initStatuses.add(containerStatus(c, seen.containers().get(c.getName()), "PodInitializing"));
    if (!initStatuses.isEmpty()) status.setInitContainerStatuses(initStatuses);
    String defaultWaiting = pod.getSpec().getInitContainers().isEmpty() ? "ContainerCreating" : "PodInitializing";
    List<ContainerStatus> statuses = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) statuses.add(containerStatus(c, seen.containers().get(c.getName()), defaultWaiting));
    status.setContainerStatuses(statuses);
    return status;
  }

  private static boolean restartable(Container c) { return "Always".equals(c.getRestartPolicy()); }

  private static PodCondition condition(Map<String, PodCondition> previous, String type, String status, String reason,
      String message, Instant now) {
    PodCondition old = previous.get(type);
    String since = old != null && status.equals(old.getStatus()) && old.getLastTransitionTime() != null
        ? old.getLastTransitionTime() : RFC3339.format(now);
    return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(since).build();
  }

  /** A container without a record yet waits with the pod's default reason (kubelet: ContainerCreating or PodInitializing). */
  static ContainerStatus containerStatus(Container spec, ContainerRecord r, String defaultWaiting) {
    ContainerRecord record = r != null ? r : ContainerRecord.waiting(spec.getName(), spec.getImage(), defaultWaiting);
    ContainerStatusBuilder b = new ContainerStatusBuilder().withName(spec.getName()).withImage(record.image())
        .withImageID(record.imageId()).withReady(record.ready()).withRestartCount(record.restartCount())
        .withStarted(record.running() ? record.started() : Boolean.FALSE)
        .withState(state(record.state()));
    record.containerId().ifPresent(id -> b.withContainerID(RUNTIME + "://" + id));
    record.lastTermination().ifPresent(t -> b.withLastState(state(t)));
    return b.build();
  }

  static ContainerState state(ContainerRecord.State s) {
    if (s instanceof ContainerRecord.State.Running run) {
      return new ContainerStateBuilder().withNewRunning().withStartedAt(RFC3339.format(run.startedAt())).endRunning().build();
    }
    if (s instanceof ContainerRecord.State.Terminated t) {
      return new ContainerStateBuilder().withNewTerminated().withExitCode(t.exitCode()).withReason(t.reason())
          .withMessage(t.message() == null || t.message().isEmpty() ? null : t.message())
          .withStartedAt(RFC3339.format(t.startedAt())).withFinishedAt(RFC3339.format(t.finishedAt()))
          .withContainerID(t.containerId().map(id -> RUNTIME + "://" + id).orElse(null)).endTerminated().build();
    }
    ContainerRecord.State.Waiting w = (ContainerRecord.State.Waiting) s;
    return new ContainerStateBuilder().withNewWaiting().withReason(w.reason())
        .withMessage(w.message() == null || w.message().isEmpty() ? null : w.message()).endWaiting().build();
  }

  /** Go's fmt of a []string: [a b]. */
  static String goList(List<String> names) { return "[" + String.join(" ", names) + "]"; }

}
