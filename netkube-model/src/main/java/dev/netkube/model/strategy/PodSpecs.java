package dev.netkube.model.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.validation.Errors;
import dev.netkube.model.validation.Labels;
import dev.netkube.model.validation.Names;
import dev.netkube.model.validation.Nodes;
import dev.netkube.model.validation.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pod spec defaulting (core/v1 SetDefaults_PodSpec, _Container, _Volume, _Probe ...) and
 * validation (ValidatePodSpec), shared by Pods and every pod template.
 */
public final class PodSpecs {
  static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
  static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
  static final List<String> DNS_POLICIES = List.of("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None");
  static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
  static final List<String> MESSAGE_POLICIES = List.of("FallbackToLogsOnError", "File");
  private static final List<String> VOLUME_SOURCES = List.of("hostPath", "emptyDir", "gcePersistentDisk",
      "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd",
      "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume",
      "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
      "ephemeral", "image");

  private PodSpecs() {}

  /** Upstream's v1 defaults for a pod spec (Pod or template). */
  public static void applyDefaults(ObjectNode spec) {
    if (Nodes.text(spec, "dnsPolicy").isEmpty()) spec.put("dnsPolicy", "ClusterFirst");
    if (Nodes.text(spec, "restartPolicy").isEmpty()) spec.put("restartPolicy", "Always");
    if (!Nodes.has(spec, "securityContext")) spec.putObject("securityContext");
    if (!Nodes.has(spec, "terminationGracePeriodSeconds")) spec.put("terminationGracePeriodSeconds", 30);
    if (Nodes.text(spec, "schedulerName").isEmpty()) spec.put("schedulerName", "default-scheduler");
    boolean hostNetwork = spec.path("hostNetwork").asBoolean(false);
    for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
      for (JsonNode c : Nodes.list(spec, list)) if (c instanceof ObjectNode o) containerDefaults(o, hostNetwork);
    }
    for (JsonNode v : Nodes.list(spec, "volumes")) if (v instanceof ObjectNode o) volumeDefaults(o);
  }

  static void containerDefaults(ObjectNode c, boolean hostNetwork) {
    if (Nodes.text(c, "imagePullPolicy").isEmpty()) c.put("imagePullPolicy", pullPolicyFor(Nodes.text(c, "image")));
    if (Nodes.text(c, "terminationMessagePath").isEmpty()) c.put("terminationMessagePath", "/dev/termination-log");
    if (Nodes.text(c, "terminationMessagePolicy").isEmpty()) c.put("terminationMessagePolicy", "File");
    if (!Nodes.has(c, "resources")) c.putObject("resources");
    for (JsonNode p : Nodes.list(c, "ports")) {
      if (p instanceof ObjectNode port) {
        if (Nodes.text(port, "protocol").isEmpty()) port.put("protocol", "TCP");
        // With host networking the host port is the container port (SetDefaults_Pod).
        if (hostNetwork && !Nodes.has(port, "hostPort") && port.has("containerPort")) {
          port.set("hostPort", port.get("containerPort"));
        }
      }
    }
    for (JsonNode e : Nodes.list(c, "env")) {
      ObjectNode fieldRef = Nodes.object(Nodes.object(e, "valueFrom"), "fieldRef");
      if (fieldRef != null && Nodes.text(fieldRef, "apiVersion").isEmpty()) fieldRef.put("apiVersion", "v1");
    }
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      ObjectNode p = Nodes.object(c, probe);
      if (p != null) probeDefaults(p);
    }
    ObjectNode lifecycle = Nodes.object(c, "lifecycle");
    for (String hook : List.of("postStart", "preStop")) {
      ObjectNode http = Nodes.object(Nodes.object(lifecycle, hook), "httpGet");
      if (http != null) httpGetDefaults(http);
    }
  }

  /** ":latest" or no tag pulls Always; a tag or digest pulls IfNotPresent (SetDefaults_Container). */
  public static String pullPolicyFor(String image) {
    if (image.contains("@")) return "IfNotPresent";
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    String tag = colon > slash ? image.substring(colon + 1) : "";
    return tag.isEmpty() || tag.equals("latest") ? "Always" : "IfNotPresent";
  }

  private static void probeDefaults(ObjectNode p) {
    if (!Nodes.has(p, "timeoutSeconds")) p.put("timeoutSeconds", 1);
    if (!Nodes.has(p, "periodSeconds")) p.put("periodSeconds", 10);
    if (!Nodes.has(p, "successThreshold")) p.put("successThreshold", 1);
    if (!Nodes.has(p, "failureThreshold")) p.put("failureThreshold", 3);
    ObjectNode http = Nodes.object(p, "httpGet");
    if (http != null) httpGetDefaults(http);
    ObjectNode grpc = Nodes.object(p, "grpc");
    if (grpc != null && !grpc.has("service")) grpc.put("service", "");
  }

  private static void httpGetDefaults(ObjectNode http) {
    if (Nodes.text(http, "path").isEmpty()) http.put("path", "/");
    if (Nodes.text(http, "scheme").isEmpty()) http.put("scheme", "HTTP");
  }

  private static void volumeDefaults(ObjectNode v) {
    boolean hasSource = VOLUME_SOURCES.stream().anyMatch(s -> Nodes.has(v, s));
    if (!hasSource) v.putObject("emptyDir");
    for (String src : List.of("secret", "configMap", "downwardAPI", "projected")) {
      ObjectNode s = Nodes.object(v, src);
      if (s != null && !Nodes.has(s, "defaultMode")) s.put("defaultMode", 420);
    }
    ObjectNode hostPath = Nodes.object(v, "hostPath");
    if (hostPath != null && !hostPath.has("type")) hostPath.put("type", "");
    ObjectNode projected = Nodes.object(v, "projected");
    for (JsonNode s : Nodes.list(projected, "sources")) {
      ObjectNode token = Nodes.object(s, "serviceAccountToken");
      if (token != null && !Nodes.has(token, "expirationSeconds")) token.put("expirationSeconds", 3600);
      ObjectNode downward = Nodes.object(s, "downwardAPI");
      for (JsonNode item : Nodes.list(downward, "items")) {
        ObjectNode ref = Nodes.object(item, "fieldRef");
        if (ref != null && Nodes.text(ref, "apiVersion").isEmpty()) ref.put("apiVersion", "v1");
      }
    }
    for (JsonNode item : Nodes.list(Nodes.object(v, "downwardAPI"), "items")) {
      ObjectNode ref = Nodes.object(item, "fieldRef");
      if (ref != null && Nodes.text(ref, "apiVersion").isEmpty()) ref.put("apiVersion", "v1");
    }
  }

  /** ValidatePodSpec's checks that matter here, at {@code path} ("spec" or "spec.template.spec"). */
  public static List<FieldError> validate(JsonNode spec, Path path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> volumeNames = validateVolumes(spec, path.child("volumes"), errs);
    Set<String> containerNames = new HashSet<>();
    validateContainers(Nodes.list(spec, "initContainers"), path.child("initContainers"), volumeNames,
        containerNames, errs);
    List<JsonNode> containers = Nodes.list(spec, "containers");
    if (containers.isEmpty()) errs.add(Errors.required(path.child("containers")));
    validateContainers(containers, path.child("containers"), volumeNames, containerNames, errs);

    String restart = Nodes.text(spec, "restartPolicy");
    if (restart.isEmpty()) errs.add(Errors.required(path.child("restartPolicy")));
    else if (!RESTART_POLICIES.contains(restart)) errs.add(Errors.notSupported(path.child("restartPolicy"), restart, RESTART_POLICIES));

    String dns = Nodes.text(spec, "dnsPolicy");
    if (dns.isEmpty()) errs.add(Errors.required(path.child("dnsPolicy")));
    else if (!DNS_POLICIES.contains(dns)) errs.add(Errors.notSupported(path.child("dnsPolicy"), dns, DNS_POLICIES));
    if (dns.equals("None") && !Nodes.has(spec, "dnsConfig")) {
      errs.add(Errors.required(path.child("dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None"));
    }

    errs.addAll(Labels.validateLabels(Nodes.stringMap(spec, "nodeSelector"), path.child("nodeSelector")));
    Errors.nonNegative(errs, path.child("terminationGracePeriodSeconds"), spec, "terminationGracePeriodSeconds");
    if (Nodes.has(spec, "activeDeadlineSeconds") && Nodes.integer(spec, "activeDeadlineSeconds", 0) <= 0) {
      errs.add(Errors.invalid(path.child("activeDeadlineSeconds"), Nodes.integer(spec, "activeDeadlineSeconds", 0),
          "must be between 1 and 2147483647, inclusive"));
    }
    String sa = Nodes.text(spec, "serviceAccountName");
    if (!sa.isEmpty()) Errors.invalidEach(errs, path.child("serviceAccountName"), sa, Names.dns1123Subdomain(sa));
    String nodeName = Nodes.text(spec, "nodeName");
    if (!nodeName.isEmpty()) Errors.invalidEach(errs, path.child("nodeName"), nodeName, Names.dns1123Subdomain(nodeName));
    String hostname = Nodes.text(spec, "hostname");
    if (!hostname.isEmpty()) Errors.invalidEach(errs, path.child("hostname"), hostname, Names.dns1123Label(hostname));
    String subdomain = Nodes.text(spec, "subdomain");
    if (!subdomain.isEmpty()) Errors.invalidEach(errs, path.child("subdomain"), subdomain, Names.dns1123Label(subdomain));
    return errs;
  }

  /** A required, DNS-1123-label, unique name (volumes, containers). */
  private static void uniqueLabelName(JsonNode item, Path p, Set<String> seen, List<FieldError> errs) {
    String name = Nodes.text(item, "name");
    if (name.isEmpty()) {
      errs.add(Errors.required(p.child("name")));
    } else {
      Errors.invalidEach(errs, p.child("name"), name, Names.dns1123Label(name));
      if (!seen.add(name)) errs.add(Errors.duplicate(p.child("name"), name));
    }
  }

  private static Set<String> validateVolumes(JsonNode spec, Path path, List<FieldError> errs) {
    Set<String> names = new HashSet<>();
    List<JsonNode> volumes = Nodes.list(spec, "volumes");
    for (int i = 0; i < volumes.size(); i++) {
      JsonNode v = volumes.get(i);
      Path p = path.index(i);
      uniqueLabelName(v, p, names, errs);
      long sources = VOLUME_SOURCES.stream().filter(s -> Nodes.has(v, s)).count();
      if (sources == 0) errs.add(Errors.required(p, "must specify a volume type"));
      else if (sources > 1) errs.add(Errors.forbidden(p, "may not specify more than 1 volume type"));
    }
    return names;
  }

  private static void validateContainers(List<JsonNode> containers, Path path, Set<String> volumes,
      Set<String> allNames, List<FieldError> errs) {
    for (int i = 0; i < containers.size(); i++) {
      JsonNode c = containers.get(i);
      Path p = path.index(i);
      uniqueLabelName(c, p, allNames, errs);
      String image = Nodes.text(c, "image");
      if (image.isEmpty()) errs.add(Errors.required(p.child("image")));
      else if (!image.equals(image.strip())) {
        errs.add(Errors.invalid(p.child("image"), image, "must not have leading or trailing whitespace"));
      }
      validatePorts(Nodes.list(c, "ports"), p.child("ports"), errs);
      validateEnv(Nodes.list(c, "env"), p.child("env"), errs);
      List<JsonNode> mounts = Nodes.list(c, "volumeMounts");
      for (int j = 0; j < mounts.size(); j++) {
        JsonNode m = mounts.get(j);
        Path mp = p.child("volumeMounts").index(j);
        String vol = Nodes.text(m, "name");
        if (vol.isEmpty()) errs.add(Errors.required(mp.child("name")));
        else if (!volumes.contains(vol)) errs.add(Errors.notFound(mp.child("name"), vol));
        if (Nodes.text(m, "mountPath").isEmpty()) errs.add(Errors.required(mp.child("mountPath")));
      }
      String pull = Nodes.text(c, "imagePullPolicy");
      if (pull.isEmpty()) errs.add(Errors.required(p.child("imagePullPolicy")));
      else if (!PULL_POLICIES.contains(pull)) errs.add(Errors.notSupported(p.child("imagePullPolicy"), pull, PULL_POLICIES));
      String msgPolicy = Nodes.text(c, "terminationMessagePolicy");
      if (msgPolicy.isEmpty()) {
        errs.add(Errors.required(p.child("terminationMessagePolicy"),
            "must be 'File' or 'FallbackToLogsOnError'"));
      } else if (!MESSAGE_POLICIES.contains(msgPolicy)) {
        errs.add(Errors.invalid(p.child("terminationMessagePolicy"), msgPolicy,
            "must be 'File' or 'FallbackToLogsOnError'"));
      }
    }
  }

  private static void validatePorts(List<JsonNode> ports, Path path, List<FieldError> errs) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      JsonNode port = ports.get(i);
      Path p = path.index(i);
      String name = Nodes.text(port, "name");
      if (!name.isEmpty()) {
        List<String> msgs = Names.portName(name);
        if (!msgs.isEmpty()) Errors.invalidEach(errs, p.child("name"), name, msgs);
        else if (!names.add(name)) errs.add(Errors.duplicate(p.child("name"), name));
      }
      long containerPort = Nodes.integer(port, "containerPort", 0);
      if (containerPort == 0) errs.add(Errors.required(p.child("containerPort")));
      else Errors.invalidEach(errs, p.child("containerPort"), containerPort, Names.portNumber(containerPort));
      long hostPort = Nodes.integer(port, "hostPort", 0);
      if (hostPort != 0) Errors.invalidEach(errs, p.child("hostPort"), hostPort, Names.portNumber(hostPort));
      String protocol = Nodes.text(port, "protocol");
      if (protocol.isEmpty()) errs.add(Errors.required(p.child("protocol")));
      else if (!PROTOCOLS.contains(protocol)) errs.add(Errors.notSupported(p.child("protocol"), protocol, PROTOCOLS));
      String hostIP = Nodes.text(port, "hostIP");
      if (!hostIP.isEmpty()) {
        Errors.invalidEach(errs, p.child("hostIP"), hostIP, dev.netkube.model.validation.Addresses.validIp(hostIP));
      }
    }
  }

  private static void validateEnv(List<JsonNode> env, Path path, List<FieldError> errs) {
    for (int i = 0; i < env.size(); i++) {
      JsonNode e = env.get(i);
      Path p = path.index(i);
      String name = Nodes.text(e, "name");
      if (name.isEmpty()) errs.add(Errors.required(p.child("name")));
      else Errors.invalidEach(errs, p.child("name"), name, Names.envVarName(name));
      if (Nodes.has(e, "valueFrom") && !Nodes.text(e, "value").isEmpty()) {
        errs.add(Errors.invalid(p.child("valueFrom"), "",
            "may not be specified when `value` is not empty"));
      }
    }
  }
}
