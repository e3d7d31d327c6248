package dev.netkube.model.table;

import static dev.netkube.model.table.Cells.NONE;
import static dev.netkube.model.table.Cells.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ResourceType;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/** The printer of each built-in kind, with kube-apiserver's columns, and the Table each answer carries. */
public final class TablePrinters {
  private TablePrinters() {}

  /** What a row's {@code object} holds: upstream's includeObject=None|Metadata|Object. */
  public enum IncludeObject {
    NONE, METADATA, OBJECT;

    /** The query parameter's value; "" (absent) means Metadata, as kube-apiserver defaults it. */
    public static IncludeObject parse(String value) {
      return switch (value == null ? "" : value) {
        case "", "Metadata" -> METADATA;
        case "None" -> NONE;
        case "Object" -> OBJECT;
        default -> throw dev.netkube.model.api.ApiException.badRequest(
            "unrecognized includeObject value: \"" + value + "\"");
      };
    }
  }

  private record Simple(List<Column> columns, BiFunction<ObjectNode, Instant, List<Object>> fn) implements TablePrinter {
    @Override
    public List<Object> cells(ObjectNode object, Instant now) { return fn.apply(object, now); }
  }

  private static final Column NAME = new Column("Name", "string", "name", Descriptions.NAME, 0);
  private static final Column AGE = Column.of("Age", "string", Descriptions.CREATED);
  private static final Column CONTAINERS = Column.wide("Containers", "string", "Names of each container in the template.");
  private static final Column IMAGES = Column.wide("Images", "string", "Images referenced by each container in the template.");
  private static final String WEBHOOKS_DESC = "Webhooks indicates the number of webhooks registered in this configuration";

  /** rest.DefaultTableConvertor: what kube-apiserver answers for built-in kinds without a printer (Role, CRD...). */
  public static final TablePrinter DEFAULT = new Simple(
      List.of(NAME, new Column("Created At", "date", "", Descriptions.CREATED, 0)),
      (o, now) -> List.of(Cells.name(o), Cells.time(o, "metadata.creationTimestamp")
          .map(t -> DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS)))
          .orElse("0001-01-01T00:00:00Z")));

  /** The printer kube-apiserver uses for this resource; {@link #DEFAULT} when it has none. */
  public static TablePrinter forType(ResourceType type) {
    return switch (type.group() + "/" + type.kind()) {
      case "/Namespace" -> NAMESPACE;
      case "/Node" -> NODE;
      case "/Pod" -> POD;
      case "/Service" -> SERVICE;
      case "/Endpoints" -> ENDPOINTS;
      case "/ConfigMap" -> CONFIG_MAP;
      case "/Secret" -> SECRET;
      case "/ServiceAccount" -> SERVICE_ACCOUNT;
      case "/Event" -> EventPrinter.CORE;
      case "events.k8s.io/Event" -> EventPrinter.EVENTS_V1;
      case "apps/Deployment" -> DEPLOYMENT;
      case "apps/ReplicaSet" -> REPLICA_SET;
      case "apps/DaemonSet" -> DAEMON_SET;
      case "apps/StatefulSet" -> STATEFUL_SET;
      case "apps/ControllerRevision" -> CONTROLLER_REVISION;
      case "batch/Job" -> JOB;
      case "batch/CronJob" -> CRON_JOB;
      case "discovery.k8s.io/EndpointSlice" -> ENDPOINT_SLICE;
      case "networking.k8s.io/Ingress" -> INGRESS;
      case "networking.k8s.io/IngressClass" -> INGRESS_CLASS;
      case "networking.k8s.io/NetworkPolicy" -> NETWORK_POLICY;
      case "coordination.k8s.io/Lease" -> LEASE;
      case "policy/PodDisruptionBudget" -> PDB;
      case "rbac.authorization.k8s.io/RoleBinding" -> binding("roleBinding", Descriptions.RB_ROLE_REF);
      case "rbac.authorization.k8s.io/ClusterRoleBinding" -> binding("clusterRoleBinding", Descriptions.CRB_ROLE_REF);
      case "admissionregistration.k8s.io/MutatingWebhookConfiguration",
          "admissionregistration.k8s.io/ValidatingWebhookConfiguration" -> WEBHOOK_CONFIGURATION;
      default -> DEFAULT; // Role, ClusterRole, CustomResourceDefinition (custom resources use their CRD columns)
    };
  }

  /**
   * The meta.k8s.io/v1 Table exactly as kube-apiserver writes it. Rows' {@code object} is the
   * PartialObjectMetadata (Metadata), the object itself (Object) or null (None).
   */
  public static ObjectNode table(TablePrinter p, List<ObjectNode> objects, IncludeObject include, Instant now,
      String resourceVersion, String continueToken) {
    return table(p, objects, include, now, resourceVersion, continueToken, false);
  }

  /**
   * As {@link #table(TablePrinter, List, IncludeObject, Instant, String, String)}; with {@code noHeaders}
   * (TableOptions.NoHeaders, what a watch sends after its first event) columnDefinitions is null.
   */
  public static ObjectNode table(TablePrinter p, List<ObjectNode> objects, IncludeObject include, Instant now,
      String resourceVersion, String continueToken, boolean noHeaders) {
    ObjectNode t = Json.object();
    t.put("kind", "Table");
    t.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode meta = t.putObject("metadata");
    if (resourceVersion != null && !resourceVersion.isEmpty()) meta.put("resourceVersion", resourceVersion);
    if (continueToken != null && !continueToken.isEmpty()) meta.put("continue", continueToken);
    if (noHeaders) {
      t.putNull("columnDefinitions");
    } else {
      writeColumns(t.putArray("columnDefinitions"), p.columns());
    }
    ArrayNode rows = t.putArray("rows");
    for (ObjectNode o : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Object cell : p.cells(o, now)) {
        if (cell instanceof Long l) cells.add(l);
        else if (cell instanceof Integer i) cells.add(i.longValue());
        else if (cell instanceof Boolean b) cells.add(b);
        else cells.add(String.valueOf(cell));
      }
      List<ObjectNode> conditions = p.conditions(o);
      if (!conditions.isEmpty()) row.putArray("conditions").addAll(conditions);
      switch (include) {
        case NONE -> row.putNull("object");
        case OBJECT -> row.set("object", o);
        case METADATA -> row.set("object", partialObjectMetadata(o));
      }
    }
    return t;
  }

  private static void writeColumns(ArrayNode cols, List<Column> columns) {
    for (Column c : columns) {
      ObjectNode col = cols.addObject();
      col.put("name", c.name());
      col.put("type", c.type());
      col.put("format", c.format());
      col.put("description", c.description());
      col.put("priority", c.priority());
    }
  }

  /** meta.AsPartialObjectMetadata with the Table's group version. */
  public static ObjectNode partialObjectMetadata(ObjectNode o) {
    ObjectNode p = Json.object();
    p.put("kind", "PartialObjectMetadata");
    p.put("apiVersion", "meta.k8s.io/v1");
    JsonNode meta = o.get("metadata");
    p.set("metadata", meta == null ? Json.object() : meta.deepCopy());
    return p;
  }

  // ---- core/v1

  private static final TablePrinter NAMESPACE = new Simple(
      List.of(NAME, Column.of("Status", "string", "The status of the namespace"), AGE),
      (o, now) -> List.of(Cells.name(o), Json.str(o, "status.phase"), Cells.age(o, now)));

  private static final TablePrinter NODE = new Simple(
      List.of(NAME,
          Column.of("Status", "string", "The status of the node"),
          Column.of("Roles", "string", "The roles of the node"),
          AGE,
          Column.of("Version", "string", Descriptions.NODE_KUBELET_VERSION),
          Column.wide("Internal-IP", "string", Descriptions.NODE_ADDRESSES),
          Column.wide("External-IP", "string", Descriptions.NODE_ADDRESSES),
          Column.wide("OS-Image", "string", Descriptions.NODE_OS_IMAGE),
          Column.wide("Kernel-Version", "string", Descriptions.NODE_KERNEL),
          Column.wide("Container-Runtime", "string", Descriptions.NODE_RUNTIME)),
      TablePrinters::nodeCells);

  private static List<Object> nodeCells(ObjectNode o, Instant now) {
    List<String> status = new ArrayList<>();
    for (JsonNode c : Cells.list(o, "status.conditions")) {
      if ("Ready".equals(text(c, "type"))) {
        status.clear(); // the last Ready condition wins, as upstream's map does
        status.add("True".equals(text(c, "status")) ? "Ready" : "NotReady");
      }
    }
    if (status.isEmpty()) status.add("Unknown");
    if (Cells.bool(o, "spec.unschedulable")) status.add("SchedulingDisabled");
    Set<String> roles = new java.util.TreeSet<>();
    Cells.stringMap(o, "metadata.labels").forEach((k, v) -> {
      if (k.startsWith("node-role.kubernetes.io/")) {
        String role = k.substring("node-role.kubernetes.io/".length());
        if (!role.isEmpty()) roles.add(role);
      } else if (k.equals("kubernetes.io/role") && !v.isEmpty()) {
        roles.add(v);
      }
    });
    List<Object> cells = new ArrayList<>();
    cells.add(Cells.name(o));
    cells.add(String.join(",", status));
    cells.add(roles.isEmpty() ? NONE : String.join(",", roles));
    cells.add(Cells.age(o, now));
    cells.add(Json.str(o, "status.nodeInfo.kubeletVersion"));
    cells.add(nodeAddress(o, "InternalIP"));
    cells.add(nodeAddress(o, "ExternalIP"));
    cells.add(orUnknown(Json.str(o, "status.nodeInfo.osImage")));
    cells.add(orUnknown(Json.str(o, "status.nodeInfo.kernelVersion")));
    cells.add(orUnknown(Json.str(o, "status.nodeInfo.containerRuntimeVersion")));
    return cells;
  }

  private static String nodeAddress(JsonNode node, String type) {
    for (JsonNode a : Cells.list(node, "status.addresses")) {
      if (type.equals(text(a, "type"))) return text(a, "address");
    }
    return NONE;
  }

  private static String orUnknown(String s) { return s.isEmpty() ? Cells.UNKNOWN : s; }

  private static final TablePrinter POD = new PodPrinter();

  private static final TablePrinter SERVICE = new Simple(
      List.of(NAME,
          Column.of("Type", "string", Descriptions.SVC_TYPE),
          Column.of("Cluster-IP", "string", Descriptions.SVC_CLUSTER_IP),
          Column.of("External-IP", "string", Descriptions.SVC_EXTERNAL_IPS),
          Column.of("Port(s)", "string", Descriptions.SVC_PORTS),
          AGE,
          Column.wide("Selector", "string", Descriptions.SVC_SELECTOR)),
      TablePrinters::serviceCells);

  private static List<Object> serviceCells(ObjectNode o, Instant now) {
    List<JsonNode> clusterIPs = Cells.list(o, "spec.clusterIPs");
    // stored services carry clusterIPs[0] == clusterIP; the lone legacy field is read for objects not yet normalized
    String legacy = Json.str(o, "spec.clusterIP");
    String clusterIP = !clusterIPs.isEmpty() ? clusterIPs.get(0).asText() : legacy.isEmpty() ? NONE : legacy;
    List<String> ports = new ArrayList<>();
    for (JsonNode p : Cells.list(o, "spec.ports")) {
      long nodePort = p.path("nodePort").asLong(0);
      String proto = text(p, "protocol");
      ports.add(nodePort > 0
          ? p.path("port").asLong() + ":" + nodePort + "/" + proto
          : p.path("port").asLong() + "/" + proto);
    }
    String portCell = String.join(",", ports);
    return List.of(Cells.name(o), Json.str(o, "spec.type"), clusterIP, serviceExternalIP(o),
        portCell.isEmpty() ? NONE : portCell, Cells.age(o, now),
        Cells.formatLabels(Cells.stringMap(o, "spec.selector")));
  }

  /** getServiceExternalIP with wide=true, as the server prints it. */
  private static String serviceExternalIP(JsonNode svc) {
    List<String> externalIPs = new ArrayList<>();
    for (JsonNode ip : Cells.list(svc, "spec.externalIPs")) externalIPs.add(ip.asText());
    return switch (Json.str(svc, "spec.type")) {
      case "ClusterIP", "NodePort" -> externalIPs.isEmpty() ? NONE : String.join(",", externalIPs);
      case "LoadBalancer" -> {
        List<String> all = new ArrayList<>(loadBalancerIngress(svc, "status.loadBalancer.ingress"));
        all.addAll(externalIPs);
        yield all.isEmpty() ? "<pending>" : String.join(",", all);
      }
      case "ExternalName" -> Json.str(svc, "spec.externalName");
      default -> Cells.UNKNOWN;
    };
  }

  /** The ingress points' IPs (else hostnames), each once and sorted, as upstream's string set lists them. */
  private static List<String> loadBalancerIngress(JsonNode o, String path) {
    Set<String> out = new java.util.TreeSet<>();
    for (JsonNode i : Cells.list(o, path)) {
      if (!text(i, "ip").isEmpty()) out.add(text(i, "ip"));
      else if (!text(i, "hostname").isEmpty()) out.add(text(i, "hostname"));
    }
    return new ArrayList<>(out);
  }

  private static final TablePrinter ENDPOINTS = new Simple(
      List.of(NAME, Column.of("Endpoints", "string", Descriptions.EP_SUBSETS), AGE),
      (o, now) -> List.of(Cells.name(o), formatEndpoints(o), Cells.age(o, now)));

  private static String formatEndpoints(JsonNode o) {
    List<JsonNode> subsets = Cells.list(o, "subsets");
    if (subsets.isEmpty()) return NONE;
    List<String> all = new ArrayList<>();
    for (JsonNode ss : subsets) {
      List<JsonNode> addresses = Cells.list(ss, "addresses");
      List<JsonNode> ports = Cells.list(ss, "ports");
      if (ports.isEmpty()) {
        for (JsonNode a : addresses) all.add(text(a, "ip"));
        continue;
      }
      for (JsonNode p : ports) {
        for (JsonNode a : addresses) {
          String ip = text(a, "ip");
          String host = ip.contains(":") ? "[" + ip + "]" : ip;
          all.add(host + ":" + p.path("port").asLong());
        }
      }
    }
    return Cells.withMore(all, 3, "");
  }

  private static final TablePrinter CONFIG_MAP = new Simple(
      List.of(NAME, Column.of("Data", "string", Descriptions.CM_DATA), AGE),
      (o, now) -> List.of(Cells.name(o), (long) (Cells.size(o, "data") + Cells.size(o, "binaryData")),
          Cells.age(o, now)));

  private static final TablePrinter SECRET = new Simple(
      List.of(NAME, Column.of("Type", "string", Descriptions.SECRET_TYPE),
          Column.of("Data", "string", Descriptions.SECRET_DATA), AGE),
      (o, now) -> List.of(Cells.name(o), Json.str(o, "type"), (long) Cells.size(o, "data"), Cells.age(o, now)));

  private static final TablePrinter SERVICE_ACCOUNT = new Simple(
      List.of(NAME, Column.of("Secrets", "string", Descriptions.SA_SECRETS), AGE),
      (o, now) -> List.of(Cells.name(o), (long) Cells.size(o, "secrets"), Cells.age(o, now)));

  // ---- apps/v1

  private static final TablePrinter DEPLOYMENT = new Simple(
      List.of(NAME,
          Column.of("Ready", "string", "Number of the pod with ready state"),
          Column.of("Up-to-date", "string", Descriptions.DEPLOY_UPDATED),
          Column.of("Available", "string", Descriptions.DEPLOY_AVAILABLE),
          AGE, CONTAINERS, IMAGES,
          Column.wide("Selector", "string", Descriptions.DEPLOY_SELECTOR)),
      (o, now) -> {
        String[] c = Cells.containers(Json.at(o, "spec.template.spec"));
        String selector;
        try {
          selector = dev.netkube.model.select.LabelSelector.fromJson(Json.at(o, "spec.selector")).toString();
        } catch (IllegalArgumentException e) {
          selector = "<invalid>";
        }
        return List.of(Cells.name(o),
            Cells.integer(o, "status.readyReplicas") + "/" + Cells.integer(o, "spec.replicas"),
            Cells.integer(o, "status.updatedReplicas"), Cells.integer(o, "status.availableReplicas"),
            Cells.age(o, now), c[0], c[1], selector);
      });

  private static final TablePrinter REPLICA_SET = new Simple(
      List.of(NAME,
          Column.of("Desired", "integer", Descriptions.RS_REPLICAS),
          Column.of("Current", "integer", Descriptions.RS_STATUS_REPLICAS),
          Column.of("Ready", "integer", Descriptions.RS_READY),
          AGE, CONTAINERS, IMAGES,
          Column.wide("Selector", "string", Descriptions.RS_SELECTOR)),
      (o, now) -> {
        String[] c = Cells.containers(Json.at(o, "spec.template.spec"));
        return List.of(Cells.name(o), Cells.integer(o, "spec.replicas"), Cells.integer(o, "status.replicas"),
            Cells.integer(o, "status.readyReplicas"), Cells.age(o, now), c[0], c[1],
            Cells.formatLabelSelector(Json.at(o, "spec.selector")));
      });

  private static final TablePrinter DAEMON_SET = new Simple(
      List.of(NAME,
          Column.of("Desired", "integer", Descriptions.DS_DESIRED),
          Column.of("Current", "integer", Descriptions.DS_CURRENT),
          Column.of("Ready", "integer", Descriptions.DS_READY),
          Column.of("Up-to-date", "integer", Descriptions.DS_UPDATED),
          Column.of("Available", "integer", Descriptions.DS_AVAILABLE),
          Column.of("Node Selector", "string", Descriptions.POD_NODE_SELECTOR),
          AGE, CONTAINERS, IMAGES,
          Column.wide("Selector", "string", Descriptions.DS_SELECTOR)),
      (o, now) -> {
        String[] c = Cells.containers(Json.at(o, "spec.template.spec"));
        return List.of(Cells.name(o), Cells.integer(o, "status.desiredNumberScheduled"),
            Cells.integer(o, "status.currentNumberScheduled"), Cells.integer(o, "status.numberReady"),
            Cells.integer(o, "status.updatedNumberScheduled"), Cells.integer(o, "status.numberAvailable"),
            Cells.formatLabels(Cells.stringMap(o, "spec.template.spec.nodeSelector")), Cells.age(o, now),
            c[0], c[1], Cells.formatLabelSelector(Json.at(o, "spec.selector")));
      });

  private static final TablePrinter STATEFUL_SET = new Simple(
      List.of(NAME, Column.of("Ready", "string", "Number of the pod with ready state"), AGE, CONTAINERS, IMAGES),
      (o, now) -> {
        String[] c = Cells.containers(Json.at(o, "spec.template.spec"));
        return List.of(Cells.name(o),
            Cells.integer(o, "status.readyReplicas") + "/" + Cells.integer(o, "spec.replicas"),
            Cells.age(o, now), c[0], c[1]);
      });

  private static final TablePrinter CONTROLLER_REVISION = new Simple(
      List.of(NAME, Column.of("Controller", "string", "Controller of the object"),
          Column.of("Revision", "string", Descriptions.CR_REVISION), AGE),
      (o, now) -> {
        String controller = NONE;
        for (JsonNode ref : Cells.list(o, "metadata.ownerReferences")) {
          if (ref.path("controller").asBoolean(false)) {
            String apiVersion = text(ref, "apiVersion");
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            String kind = text(ref, "kind");
            String groupKind = group.isEmpty() ? kind : kind + "." + group;
            controller = groupKind.isEmpty() ? text(ref, "name")
                : groupKind.toLowerCase(Locale.ROOT) + "/" + text(ref, "name");
            break;
          }
        }
        return List.of(Cells.name(o), controller, Cells.integer(o, "revision"), Cells.age(o, now));
      });

  // ---- batch/v1

  private static final TablePrinter JOB = new Simple(
      List.of(NAME,
          Column.of("Status", "string", "Status of the job."),
          Column.of("Completions", "string", Descriptions.JOB_SUCCEEDED),
          Column.of("Duration", "string", "Time required to complete the job."),
          AGE, CONTAINERS, IMAGES,
          Column.wide("Selector", "string", Descriptions.JOB_SELECTOR)),
      TablePrinters::jobCells);

  private static List<Object> jobCells(ObjectNode o, Instant now) {
    long succeeded = Cells.integer(o, "status.succeeded");
    String completions;
    if (Cells.present(o, "spec.completions")) {
      completions = succeeded + "/" + Cells.integer(o, "spec.completions");
    } else {
      long parallelism = Cells.integer(o, "spec.parallelism");
      completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }
    String duration = Cells.time(o, "status.startTime").map(start -> HumanDuration.format(
        java.time.Duration.between(start, Cells.time(o, "status.completionTime").orElse(now)))).orElse("");
    String status;
    if (jobCondition(o, "Complete")) status = "Complete";
    else if (jobCondition(o, "Failed")) status = "Failed";
    else if (Cells.present(o, "metadata.deletionTimestamp")) status = "Terminating";
    else if (jobCondition(o, "Suspended")) status = "Suspended";
    else if (jobCondition(o, "FailureTarget")) status = "FailureTarget";
    else status = "Running";
    String[] c = Cells.containers(Json.at(o, "spec.template.spec"));
    return List.of(Cells.name(o), status, completions, duration, Cells.age(o, now), c[0], c[1],
        Cells.formatLabelSelector(Json.at(o, "spec.selector")));
  }

  private static boolean jobCondition(JsonNode job, String type) {
    for (JsonNode c : Cells.list(job, "status.conditions")) {
      if (type.equals(text(c, "type"))) return "True".equals(text(c, "status"));
    }
    return false;
  }

  private static final TablePrinter CRON_JOB = new Simple(
      List.of(NAME,
          Column.of("Schedule", "string", Descriptions.CJ_SCHEDULE),
          Column.of("Timezone", "string", Descriptions.CJ_TIMEZONE),
          Column.of("Suspend", "boolean", Descriptions.CJ_SUSPEND),
          Column.of("Active", "integer", Descriptions.CJ_ACTIVE),
          Column.of("Last Schedule", "string", Descriptions.CJ_LAST_SCHEDULE),
          AGE, CONTAINERS, IMAGES,
          Column.wide("Selector", "string", Descriptions.JOB_SELECTOR)),
      (o, now) -> {
        String last = Cells.present(o, "status.lastScheduleTime") ? Cells.since(o, "status.lastScheduleTime", now) : NONE;
        String tz = Cells.present(o, "spec.timeZone") ? Json.str(o, "spec.timeZone") : NONE;
        // printBoolPtr: the column says boolean, yet upstream sends the text "True"/"False"/"<unset>"
        String suspend = !Cells.present(o, "spec.suspend") ? "<unset>" : Cells.bool(o, "spec.suspend") ? "True" : "False";
        String[] c = Cells.containers(Json.at(o, "spec.jobTemplate.spec.template.spec"));
        return List.of(Cells.name(o), Json.str(o, "spec.schedule"), tz, suspend,
            (long) Cells.size(o, "status.active"), last, Cells.age(o, now), c[0], c[1],
            Cells.formatLabelSelector(Json.at(o, "spec.jobTemplate.spec.selector")));
      });

  // ---- discovery, networking, coordination, policy, rbac, admission

  private static final TablePrinter ENDPOINT_SLICE = new Simple(
      List.of(NAME,
          Column.of("AddressType", "string", Descriptions.EPS_ADDRESS_TYPE),
          Column.of("Ports", "string", Descriptions.EPS_PORTS),
          Column.of("Endpoints", "string", Descriptions.EPS_ENDPOINTS),
          AGE),
      (o, now) -> {
        List<String> ports = new ArrayList<>();
        for (JsonNode p : Cells.list(o, "ports")) {
          if (Cells.present(p, "port")) ports.add(String.valueOf(p.get("port").asLong()));
          else if (Cells.present(p, "name")) ports.add(text(p, "name"));
          else ports.add("*");
        }
        List<String> addresses = new ArrayList<>();
        for (JsonNode e : Cells.list(o, "endpoints")) {
          for (JsonNode a : Cells.list(e, "addresses")) addresses.add(a.asText());
        }
        return List.of(Cells.name(o), Json.str(o, "addressType"), Cells.withMore(ports, 3, "<unset>"),
            Cells.withMore(addresses, 3, "<unset>"), Cells.age(o, now));
      });

  private static final TablePrinter INGRESS = new Simple(
      List.of(NAME,
          Column.of("Class", "string", "The name of the IngressClass resource that should be used for additional configuration"),
          Column.of("Hosts", "string", "Hosts that incoming requests are matched against before the ingress rule"),
          Column.of("Address", "string", "Address is a list containing ingress points for the load-balancer"),
          Column.of("Ports", "string", "Ports of TLS configurations that open"),
          AGE),
      (o, now) -> {
        String cls = Cells.present(o, "spec.ingressClassName") ? Json.str(o, "spec.ingressClassName") : NONE;
        List<JsonNode> rules = Cells.list(o, "spec.rules");
        List<String> hosts = new ArrayList<>();
        boolean more = false;
        for (JsonNode r : rules) {
          if (hosts.size() == 3) more = true;
          if (!more && !text(r, "host").isEmpty()) hosts.add(text(r, "host"));
        }
        String hostCell = hosts.isEmpty() ? "*"
            : more ? String.join(",", hosts) + " + " + (rules.size() - 3) + " more..." : String.join(",", hosts);
        String address = String.join(",", loadBalancerIngress(o, "status.loadBalancer.ingress"));
        String ports = Cells.size(o, "spec.tls") > 0 ? "80, 443" : "80";
        return List.of(Cells.name(o), cls, hostCell, address, ports, Cells.age(o, now));
      });

  private static final TablePrinter INGRESS_CLASS = new Simple(
      List.of(NAME,
          Column.of("Controller", "string", "Controller that is responsible for handling this class"),
          Column.of("Parameters", "string", "A reference to a resource with additional parameters"),
          AGE),
      (o, now) -> {
        String params = NONE;
        JsonNode p = Json.at(o, "spec.parameters");
        if (p != null && p.isObject()) {
          params = text(p, "kind");
          if (Cells.present(p, "apiGroup")) params += "." + text(p, "apiGroup");
          params += "/" + text(p, "name");
        }
        return List.of(Cells.name(o), Json.str(o, "spec.controller"), params, Cells.age(o, now));
      });

  private static final TablePrinter NETWORK_POLICY = new Simple(
      List.of(NAME, Column.of("Pod-Selector", "string", Descriptions.NETPOL_POD_SELECTOR), AGE),
      (o, now) -> {
        // podSelector is a value, never nil, upstream: an absent one formats as empty
        JsonNode sel = Json.at(o, "spec.podSelector");
        return List.of(Cells.name(o), Cells.formatLabelSelector(sel == null ? Json.object() : sel), Cells.age(o, now));
      });

  private static final TablePrinter LEASE = new Simple(
      List.of(NAME, Column.of("Holder", "string", Descriptions.LEASE_HOLDER), AGE),
      (o, now) -> List.of(Cells.name(o), Json.str(o, "spec.holderIdentity"), Cells.age(o, now)));

  private static final TablePrinter PDB = new Simple(
      List.of(NAME,
          Column.of("Min Available", "string", "The minimum number of pods that must be available."),
          Column.of("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
          Column.of("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time."),
          AGE),
      (o, now) -> {
        JsonNode min = Json.at(o, "spec.minAvailable");
        JsonNode max = Json.at(o, "spec.maxUnavailable");
        return List.of(Cells.name(o), min == null || min.isNull() ? "N/A" : Cells.intOrString(min),
            max == null || max.isNull() ? "N/A" : Cells.intOrString(max),
            Cells.integer(o, "status.disruptionsAllowed"), Cells.age(o, now));
      });

  private static TablePrinter binding(String noun, String roleRefDescription) {
    return new Simple(
        List.of(NAME, Column.of("Role", "string", roleRefDescription), AGE,
            Column.wide("Users", "string", "Users in the " + noun),
            Column.wide("Groups", "string", "Groups in the " + noun),
            Column.wide("ServiceAccounts", "string", "ServiceAccounts in the " + noun)),
        (o, now) -> {
          List<String> users = new ArrayList<>();
          List<String> groups = new ArrayList<>();
          List<String> sas = new ArrayList<>();
          for (JsonNode s : Cells.list(o, "subjects")) {
            switch (text(s, "kind")) {
              case "User" -> users.add(text(s, "name"));
              case "Group" -> groups.add(text(s, "name"));
              case "ServiceAccount" -> sas.add(text(s, "namespace") + "/" + text(s, "name"));
              default -> { }
            }
          }
          return List.of(Cells.name(o), Json.str(o, "roleRef.kind") + "/" + Json.str(o, "roleRef.name"),
              Cells.age(o, now), String.join(", ", users), String.join(", ", groups), String.join(", ", sas));
        });
  }

  private static final TablePrinter WEBHOOK_CONFIGURATION = new Simple(
      List.of(NAME, Column.of("Webhooks", "integer", WEBHOOKS_DESC), AGE),
      (o, now) -> List.of(Cells.name(o), (long) Cells.size(o, "webhooks"), Cells.age(o, now)));

}
