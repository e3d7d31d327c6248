package dev.netkube.model.table;

import static dev.netkube.model.table.Cells.NONE;
import static dev.netkube.model.table.Cells.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pods: READY n/m, STATUS with upstream's reason logic, RESTARTS "n (5m ago)". */
final class PodPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      new Column("Name", "string", "name", Descriptions.NAME, 0),
      Column.of("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
      Column.of("Status", "string", "The aggregate status of the containers in this pod."),
      Column.of("Restarts", "string",
          "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
      Column.of("Age", "string", Descriptions.CREATED),
      Column.wide("IP", "string", Descriptions.POD_IP),
      Column.wide("Node", "string", Descriptions.POD_NODE_NAME),
      Column.wide("Nominated Node", "string", Descriptions.POD_NOMINATED_NODE),
      Column.wide("Readiness Gates", "string", Descriptions.POD_READINESS_GATES));

  @Override
  public List<Column> columns() { return COLUMNS; }

  @Override
  public List<ObjectNode> conditions(ObjectNode pod) {
    String phase = Json.str(pod, "status.phase");
    String message = switch (phase) {
      case "Succeeded" -> "The pod has completed successfully.";
      case "Failed" -> "The pod failed.";
      default -> null;
    };
    if (message == null) return List.of();
    ObjectNode c = Json.object();
    c.put("type", "Completed");
    c.put("status", "True");
    c.put("reason", phase);
    c.put("message", message);
    return List.of(c);
  }

  @Override
  public List<Object> cells(ObjectNode pod, Instant now) {
    JsonNode status = pod.path("status");
    List<JsonNode> specContainers = Cells.list(pod, "spec.containers");
    List<JsonNode> specInits = Cells.list(pod, "spec.initContainers");
    int total = specContainers.size();
    Map<String, JsonNode> inits = new HashMap<>();
    for (JsonNode c : specInits) {
      inits.put(text(c, "name"), c);
      if (restartable(c)) total++;
    }
    int ready = 0;
    long restarts = 0;
    long sidecarRestarts = 0;
    Instant lastRestart = null;
    Instant lastSidecarRestart = null;

    String phase = Json.str(pod, "status.phase");
    String reason = Json.str(pod, "status.reason").isEmpty() ? phase : Json.str(pod, "status.reason");
    for (JsonNode cond : Cells.list(pod, "status.conditions")) {
      if ("PodScheduled".equals(text(cond, "type")) && "SchedulingGated".equals(text(cond, "reason"))) {
        reason = "SchedulingGated";
      }
    }

    boolean initializing = false;
    List<JsonNode> initStatuses = Cells.list(pod, "status.initContainerStatuses");
    for (int i = 0; i < initStatuses.size(); i++) {
      JsonNode c = initStatuses.get(i);
      long count = c.path("restartCount").asLong(0);
      restarts += count;
      Instant finished = lastFinished(c);
      lastRestart = later(lastRestart, finished);
      boolean sidecar = restartable(inits.get(text(c, "name")));
      if (sidecar) {
        sidecarRestarts += count;
        lastSidecarRestart = later(lastSidecarRestart, finished);
      }
      JsonNode terminated = c.path("state").get("terminated");
      JsonNode waiting = c.path("state").get("waiting");
      if (terminated != null && terminated.path("exitCode").asInt(0) == 0) continue;
      if (sidecar && c.path("started").asBoolean(false)) {
        if (c.path("ready").asBoolean(false)) ready++;
        continue;
      }
      if (terminated != null) {
        String r = text(terminated, "reason");
        if (r.isEmpty()) {
          int signal = terminated.path("signal").asInt(0);
          reason = signal != 0 ? "Init:Signal:" + signal : "Init:ExitCode:" + terminated.path("exitCode").asInt(0);
        } else {
          reason = "Init:" + r;
        }
      } else if (waiting != null && !text(waiting, "reason").isEmpty()
          && !"PodInitializing".equals(text(waiting, "reason"))) {
        reason = "Init:" + text(waiting, "reason");
      } else {
        reason = "Init:" + i + "/" + specInits.size();
      }
      initializing = true;
      break;
    }

    if (!initializing || conditionTrue(pod, "Initialized")) {
      restarts = sidecarRestarts;
      lastRestart = lastSidecarRestart;
      boolean hasRunning = false;
      List<JsonNode> statuses = Cells.list(pod, "status.containerStatuses");
      for (int i = statuses.size() - 1; i >= 0; i--) {
        JsonNode c = statuses.get(i);
        restarts += c.path("restartCount").asLong(0);
        lastRestart = later(lastRestart, lastFinished(c));
        JsonNode state = c.path("state");
        JsonNode waiting = state.get("waiting");
        JsonNode terminated = state.get("terminated");
        if (waiting != null && !text(waiting, "reason").isEmpty()) {
          reason = text(waiting, "reason");
        } else if (terminated != null && !text(terminated, "reason").isEmpty()) {
          reason = text(terminated, "reason");
        } else if (terminated != null) {
          int signal = terminated.path("signal").asInt(0);
          reason = signal != 0 ? "Signal:" + signal : "ExitCode:" + terminated.path("exitCode").asInt(0);
        } else if (c.path("ready").asBoolean(false) && state.has("running")) {
          hasRunning = true;
          ready++;
        }
      }
      // A completed container beside a running one: the pod still runs.
      if ("Completed".equals(reason) && hasRunning) {
        reason = conditionTrue(pod, "Ready") ? "Running" : "NotReady";
      }
    }

    boolean deleting = Cells.present(pod, "metadata.deletionTimestamp");
    if (deleting && "NodeLost".equals(Json.str(pod, "status.reason"))) {
      reason = "Unknown";
    } else if (deleting && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
      reason = "Terminating";
    }

    String restartCell = String.valueOf(restarts);
    if (restarts != 0 && lastRestart != null) {
      restartCell = restarts + " (" + HumanDuration.format(Duration.between(lastRestart, now)) + " ago)";
    }

    List<JsonNode> ips = Cells.list(pod, "status.podIPs");
    // v1 -> internal conversion fills podIPs from a lone podIP, so the legacy field counts too
    String ip = ips.isEmpty() ? Json.str(pod, "status.podIP") : text(ips.get(0), "ip");
    String node = Json.str(pod, "spec.nodeName");
    String nominated = Json.str(pod, "status.nominatedNodeName");

    String gates = NONE;
    List<JsonNode> readinessGates = Cells.list(pod, "spec.readinessGates");
    if (!readinessGates.isEmpty()) {
      int trueCount = 0;
      for (JsonNode g : readinessGates) {
        for (JsonNode cond : Cells.list(pod, "status.conditions")) {
          if (text(cond, "type").equals(text(g, "conditionType"))) {
            if ("True".equals(text(cond, "status"))) trueCount++;
            break;
          }
        }
      }
      gates = trueCount + "/" + readinessGates.size();
    }
    List<Object> cells = new ArrayList<>();
    cells.add(Cells.name(pod));
    cells.add(ready + "/" + total);
    cells.add(reason);
    cells.add(restartCell);
    cells.add(Cells.age(pod, now));
    cells.add(ip.isEmpty() ? NONE : ip);
    cells.add(node.isEmpty() ? NONE : node);
    cells.add(nominated.isEmpty() ? NONE : nominated);
    cells.add(gates);
    return cells;
  }

  private static boolean restartable(JsonNode initContainer) {
    return initContainer != null && "Always".equals(text(initContainer, "restartPolicy"));
  }

  private static boolean conditionTrue(JsonNode pod, String type) {
    for (JsonNode c : Cells.list(pod, "status.conditions")) {
      if (type.equals(text(c, "type"))) return "True".equals(text(c, "status"));
    }
    return false;
  }

  private static Instant lastFinished(JsonNode containerStatus) {
    JsonNode t = containerStatus.path("lastState").get("terminated");
    return t == null ? null : Cells.time(t, "finishedAt").orElse(null);
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) return b;
    if (b == null) return a;
    return b.isAfter(a) ? b : a;
  }
}
