package dev.netkube.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Upstream's deployment condition rules and wording, pure. */
public final class DeploymentConditions {
  public static final String AVAILABLE = "Available";
  public static final String PROGRESSING = "Progressing";
  public static final String MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";
  public static final String MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";
  public static final String NEW_RS_CREATED = "NewReplicaSetCreated";
  public static final String FOUND_NEW_RS = "FoundNewReplicaSet";
  public static final String RS_UPDATED = "ReplicaSetUpdated";
  public static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
  public static final String TIMED_OUT = "ProgressDeadlineExceeded";
  public static final String PAUSED = "DeploymentPaused";
  public static final String RESUMED = "DeploymentResumed";

  private DeploymentConditions() {}

  public static Optional<DeploymentCondition> get(List<DeploymentCondition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /**
   * SetDeploymentCondition: same status and reason → unchanged; same status → keeps its
   * lastTransitionTime; the changed condition moves to the end of the list.
   */
  public static List<DeploymentCondition> set(List<DeploymentCondition> conditions, String type, String status,
      String reason, String message, Instant now) {
    Optional<DeploymentCondition> current = get(conditions, type);
    if (current.isPresent() && status.equals(current.get().getStatus()) && reason.equals(current.get().getReason())) {
      return conditions;
    }
    String transition = current.isPresent() && status.equals(current.get().getStatus())
        ? current.get().getLastTransitionTime() : time(now);
    return replace(conditions, type, new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
        .withMessage(message).withLastUpdateTime(time(now)).withLastTransitionTime(transition).build());
  }

  /** Progress was made: ReplicaSetUpdated with a fresh lastUpdateTime (which restarts the deadline). */
  public static List<DeploymentCondition> progressed(List<DeploymentCondition> conditions, String message, Instant now) {
    Optional<DeploymentCondition> current = get(conditions, PROGRESSING);
    String transition = current.isPresent() && "True".equals(current.get().getStatus())
        ? current.get().getLastTransitionTime() : time(now);
    return replace(conditions, PROGRESSING, new DeploymentConditionBuilder().withType(PROGRESSING).withStatus("True")
        .withReason(RS_UPDATED).withMessage(message).withLastUpdateTime(time(now)).withLastTransitionTime(transition).build());
  }

  /** util.DeploymentTimedOut. */
  public static boolean timedOut(List<DeploymentCondition> conditions, int progressDeadlineSeconds, Instant now) {
    Optional<DeploymentCondition> c = get(conditions, PROGRESSING);
    if (c.isEmpty() || NEW_RS_AVAILABLE.equals(c.get().getReason())) return false;
    if (TIMED_OUT.equals(c.get().getReason())) return true;
    Instant from = parse(c.get().getLastUpdateTime());
    return from.plusSeconds(progressDeadlineSeconds).isBefore(now);
  }

  private static List<DeploymentCondition> replace(List<DeploymentCondition> conditions, String type, DeploymentCondition c) {
    List<DeploymentCondition> out = new ArrayList<>();
    for (DeploymentCondition x : conditions) if (!type.equals(x.getType())) out.add(x);
    out.add(c);
    return out;
  }

  static Instant parse(String t) {
    try {
      return t == null ? Instant.EPOCH : Instant.parse(t);
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }

  static String time(Instant t) { return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(); }

  public static String successfullyProgressed(String rs) { return "ReplicaSet \"" + rs + "\" has successfully progressed."; }

  public static String isProgressing(String rs) { return "ReplicaSet \"" + rs + "\" is progressing."; }

  public static String timedOutProgressing(String rs) { return "ReplicaSet \"" + rs + "\" has timed out progressing."; }
}
