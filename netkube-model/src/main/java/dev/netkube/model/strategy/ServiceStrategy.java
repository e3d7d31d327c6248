package dev.netkube.model.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.validation.Addresses;
import dev.netkube.model.validation.Errors;
import dev.netkube.model.validation.GoValues;
import dev.netkube.model.validation.Labels;
import dev.netkube.model.validation.Names;
import dev.netkube.model.validation.Nodes;
import dev.netkube.model.validation.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Services: core/v1 SetDefaults_Service, the service registry's single-stack IPv4 family
 * defaults and clusterIP/clusterIPs normalization, and ValidateService / ValidateServiceUpdate.
 * Allocation (clusterIP, nodePorts, healthCheckNodePort) belongs to the allocator, so only the
 * format of those fields is checked here.
 */
public final class ServiceStrategy implements ResourceStrategy {
  static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
  static final List<String> AFFINITIES = List.of("ClientIP", "None");
  static final List<String> TRAFFIC_POLICIES = List.of("Cluster", "Local");
  static final List<String> IP_FAMILIES = List.of("IPv4", "IPv6");
  static final List<String> IP_FAMILY_POLICIES = List.of("PreferDualStack", "RequireDualStack", "SingleStack");
  /** core.MaxClientIPServiceAffinitySeconds; the default timeout is 10800 (3 hours). */
  static final int MAX_AFFINITY_SECONDS = 86400;
  private static final Path SPEC = Path.of("spec");

  @Override
  public void applyDefaults(ObjectNode svc) {
    ObjectNode spec = Nodes.objectOrCreate(svc, "spec");
    String affinity = Nodes.text(spec, "sessionAffinity");
    if (affinity.isEmpty()) spec.put("sessionAffinity", affinity = "None");
    if (affinity.equals("None")) spec.remove("sessionAffinityConfig");
    if (affinity.equals("ClientIP")) {
      ObjectNode clientIP = Nodes.object(Nodes.object(spec, "sessionAffinityConfig"), "clientIP");
      if (clientIP == null || !Nodes.has(clientIP, "timeoutSeconds")) {
        spec.putObject("sessionAffinityConfig").putObject("clientIP").put("timeoutSeconds", 10800);
      }
    }
    String type = Nodes.text(spec, "type");
    if (type.isEmpty()) spec.put("type", type = "ClusterIP");
    for (JsonNode p : Nodes.list(spec, "ports")) {
      if (!(p instanceof ObjectNode port)) continue;
      if (Nodes.text(port, "protocol").isEmpty()) port.put("protocol", "TCP");
      JsonNode target = port.get("targetPort");
      boolean unset = target == null || target.isNull() || (target.isIntegralNumber() && target.asLong() == 0)
          || (target.isTextual() && target.asText().isEmpty());
      if (unset && port.has("port")) port.set("targetPort", port.get("port"));
    }
    if (externallyAccessible(spec) && Nodes.text(spec, "externalTrafficPolicy").isEmpty()) {
      spec.put("externalTrafficPolicy", "Cluster");
    }
    if (!Nodes.has(spec, "internalTrafficPolicy") && !type.equals("ExternalName") && TYPES.contains(type)) {
      spec.put("internalTrafficPolicy", "Cluster");
    }
    if (type.equals("LoadBalancer") && !Nodes.has(spec, "allocateLoadBalancerNodePorts")) {
      spec.put("allocateLoadBalancerNodePorts", true);
    }
    normalizeClusterIPs(spec);
    // The registry (not v1 defaulting) fills the families; on a single-stack IPv4 cluster that is
    // SingleStack/[IPv4] for every service that has or could have a cluster IP.
    if (!type.equals("ExternalName")) {
      // Headless without a selector is special-cased upstream: its endpoints are user-managed,
      // so it is RequireDualStack even on a single-stack cluster.
      boolean selectorlessHeadless = Nodes.text(spec, "clusterIP").equals("None") && Nodes.stringMap(spec, "selector").isEmpty();
      if (!Nodes.has(spec, "ipFamilyPolicy")) spec.put("ipFamilyPolicy", selectorlessHeadless ? "RequireDualStack" : "SingleStack");
      if (Nodes.list(spec, "ipFamilies").isEmpty()) {
        String first = Nodes.strings(spec, "clusterIPs").stream().findFirst().orElse("");
        spec.putArray("ipFamilies").add(Addresses.isIpv6(first) ? "IPv6" : "IPv4");
      }
    }
    ObjectNode status = Nodes.objectOrCreate(svc, "status");
    if (!status.has("loadBalancer")) status.putObject("loadBalancer");
  }

  /** Old clients set only clusterIP: mirror it into clusterIPs as upstream's strategy does. */
  private static void normalizeClusterIPs(ObjectNode spec) {
    String clusterIP = Nodes.text(spec, "clusterIP");
    if (!clusterIP.isEmpty() && Nodes.list(spec, "clusterIPs").isEmpty()) spec.putArray("clusterIPs").add(clusterIP);
  }

  /**
   * On update the registry keeps what was allocated when the client omits it (kubectl apply of a
   * manifest without clusterIP or nodePort), and drops fields the new type no longer uses.
   */
  @Override
  public void applyUpdateDefaults(ObjectNode svc, ObjectNode old) {
    ObjectNode spec = Nodes.objectOrCreate(svc, "spec");
    JsonNode oldSpec = Nodes.object(old, "spec");
    String newType = Nodes.text(spec, "type").isEmpty() ? "ClusterIP" : Nodes.text(spec, "type");
    String oldType = Nodes.text(oldSpec, "type");
    String clusterIP = Nodes.text(spec, "clusterIP");
    String oldClusterIP = Nodes.text(oldSpec, "clusterIP");
    if (!clusterIP.equals(oldClusterIP) && Objects.equals(spec.get("clusterIPs"), oldSpec == null ? null : oldSpec.get("clusterIPs"))) {
      // The singular changed and the plural did not: follow the singular.
      if (clusterIP.isEmpty()) spec.remove("clusterIPs");
      else spec.putArray("clusterIPs").add(clusterIP);
    }
    boolean needsIP = !newType.equals("ExternalName") && !oldType.equals("ExternalName");
    if (needsIP && Nodes.text(spec, "clusterIP").isEmpty() && !oldClusterIP.isEmpty()) {
      spec.put("clusterIP", oldClusterIP);
      if (Nodes.list(oldSpec, "clusterIPs").isEmpty()) spec.putArray("clusterIPs").add(oldClusterIP);
      else spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
      if (!Nodes.has(spec, "ipFamilies") && Nodes.has(oldSpec, "ipFamilies")) spec.set("ipFamilies", oldSpec.get("ipFamilies").deepCopy());
      if (!Nodes.has(spec, "ipFamilyPolicy") && Nodes.has(oldSpec, "ipFamilyPolicy")) spec.set("ipFamilyPolicy", oldSpec.get("ipFamilyPolicy").deepCopy());
    }
    if (newType.equals("ExternalName") && !oldType.equals("ExternalName")) {
      // Leaving cluster IPs behind: release them if the client did not change them (dropTypeDependentFields).
      if (clusterIP.equals(oldClusterIP)) {
        spec.remove("clusterIP");
        spec.remove("clusterIPs");
      }
      if (Objects.equals(spec.get("ipFamilies"), oldSpec.get("ipFamilies"))) spec.remove("ipFamilies");
      if (Objects.equals(spec.get("ipFamilyPolicy"), oldSpec.get("ipFamilyPolicy"))) spec.remove("ipFamilyPolicy");
    }
    boolean needsNodePorts = newType.equals("NodePort") || (newType.equals("LoadBalancer")
        && spec.path("allocateLoadBalancerNodePorts").asBoolean(true));
    Map<String, JsonNode> oldNodePorts = new HashMap<>();
    for (JsonNode p : Nodes.list(oldSpec, "ports")) {
      if (Nodes.integer(p, "nodePort", 0) != 0) oldNodePorts.put(portKey(p), p.get("nodePort"));
    }
    for (JsonNode p : Nodes.list(spec, "ports")) {
      if (!(p instanceof ObjectNode port)) continue;
      if (needsNodePorts && Nodes.integer(port, "nodePort", 0) == 0 && oldNodePorts.containsKey(portKey(port))) {
        port.set("nodePort", oldNodePorts.get(portKey(port)));
      }
      if (!needsNodePorts && newType.equals("ClusterIP") && !oldType.equals("ClusterIP")
          && Nodes.integer(port, "nodePort", 0) != 0 && port.get("nodePort").equals(oldNodePorts.get(portKey(port)))) {
        port.remove("nodePort");
      }
    }
    boolean needsHealthCheck = newType.equals("LoadBalancer") && "Local".equals(Nodes.text(spec, "externalTrafficPolicy"));
    if (needsHealthCheck && Nodes.integer(spec, "healthCheckNodePort", 0) == 0
        && Nodes.integer(oldSpec, "healthCheckNodePort", 0) != 0) {
      spec.set("healthCheckNodePort", oldSpec.get("healthCheckNodePort"));
    }
    if (!externallyAccessible(spec) && Objects.equals(spec.get("externalTrafficPolicy"), oldSpec.get("externalTrafficPolicy"))) {
      spec.remove("externalTrafficPolicy");
    }
    if (!newType.equals("LoadBalancer")) {
      if (Objects.equals(spec.get("allocateLoadBalancerNodePorts"), oldSpec.get("allocateLoadBalancerNodePorts"))) {
        spec.remove("allocateLoadBalancerNodePorts");
      }
      if (Objects.equals(spec.get("loadBalancerClass"), oldSpec.get("loadBalancerClass"))) spec.remove("loadBalancerClass");
    }
    if (!needsHealthCheck && Objects.equals(spec.get("healthCheckNodePort"), oldSpec.get("healthCheckNodePort"))) {
      spec.remove("healthCheckNodePort");
    }
    applyDefaults(svc);
  }

  private static String portKey(JsonNode port) {
    String protocol = Nodes.text(port, "protocol");
    return (protocol.isEmpty() ? "TCP" : protocol) + "/" + Nodes.integer(port, "port", 0);
  }

  /** apiservice.ExternallyAccessible: NodePort, LoadBalancer, or ClusterIP with externalIPs. */
  static boolean externallyAccessible(JsonNode spec) {
    String type = Nodes.text(spec, "type");
    return type.equals("LoadBalancer") || type.equals("NodePort")
        || (type.equals("ClusterIP") && !Nodes.list(spec, "externalIPs").isEmpty());
  }

  static boolean headless(JsonNode spec) {
    List<String> ips = Nodes.strings(spec, "clusterIPs");
    return ips.size() == 1 && ips.get(0).equals("None");
  }

  @Override
  public List<FieldError> validateCreate(ObjectNode svc) {
    JsonNode spec = Nodes.object(svc, "spec");
    JsonNode meta = Nodes.object(svc, "metadata");
    List<FieldError> errs = new ArrayList<>();
    String type = Nodes.text(spec, "type");
    List<JsonNode> ports = Nodes.list(spec, "ports");
    boolean headless = headless(spec);
    if (ports.isEmpty() && !headless && !type.equals("ExternalName")) errs.add(Errors.required(SPEC.child("ports")));
    List<String> clusterIPs = Nodes.strings(spec, "clusterIPs");
    switch (type) {
      case "LoadBalancer", "NodePort" -> {
        if (headless) {
          errs.add(Errors.invalid(SPEC.child("clusterIPs").index(0), clusterIPs.get(0),
              "may not be set to 'None' for " + type + " services"));
        }
      }
      case "ExternalName" -> {
        if (!clusterIPs.isEmpty()) errs.add(Errors.forbidden(SPEC.child("clusterIPs"), "may not be set for ExternalName services"));
        if (!Nodes.list(spec, "ipFamilies").isEmpty()) {
          errs.add(Errors.forbidden(SPEC.child("ipFamilies"), "may not be set for ExternalName services"));
        }
        if (Nodes.has(spec, "ipFamilyPolicy")) {
          errs.add(Errors.forbidden(SPEC.child("ipFamilyPolicy"), "may not be set for ExternalName services"));
        }
        String cname = Nodes.text(spec, "externalName");
        if (cname.endsWith(".")) cname = cname.substring(0, cname.length() - 1);
        if (cname.isEmpty()) errs.add(Errors.required(SPEC.child("externalName")));
        else Errors.invalidEach(errs, SPEC.child("externalName"), cname, Names.dns1123Subdomain(cname));
      }
      default -> { }
    }

    Set<String> portNames = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) validatePort(ports.get(i), ports.size() > 1, portNames, SPEC.child("ports").index(i), errs);

    if (Nodes.has(spec, "selector")) {
      errs.addAll(Labels.validateLabels(Nodes.stringMap(spec, "selector"), SPEC.child("selector")));
    }
    String affinity = Nodes.text(spec, "sessionAffinity");
    if (affinity.isEmpty()) errs.add(Errors.required(SPEC.child("sessionAffinity")));
    else if (!AFFINITIES.contains(affinity)) errs.add(Errors.notSupported(SPEC.child("sessionAffinity"), affinity, AFFINITIES));
    if (affinity.equals("ClientIP")) {
      validateAffinityConfig(Nodes.object(spec, "sessionAffinityConfig"), SPEC.child("sessionAffinityConfig"), errs);
    } else if (affinity.equals("None") && Nodes.has(spec, "sessionAffinityConfig")) {
      errs.add(Errors.forbidden(SPEC.child("sessionAffinityConfig"), "must not be set when session affinity is None"));
    }

    validateClusterIPFields(spec, errs);

    List<String> externalIPs = Nodes.strings(spec, "externalIPs");
    for (int i = 0; i < externalIPs.size(); i++) {
      Path p = SPEC.child("externalIPs").index(i);
      String ip = externalIPs.get(i);
      List<String> bad = Addresses.validIp(ip);
      Errors.invalidEach(errs, p, ip, bad.isEmpty() ? Addresses.nonSpecial(ip) : bad);
    }

    if (type.isEmpty()) errs.add(Errors.required(SPEC.child("type")));
    else if (!TYPES.contains(type)) errs.add(Errors.notSupported(SPEC.child("type"), type, TYPES));

    if (type.equals("ClusterIP")) {
      for (int i = 0; i < ports.size(); i++) {
        if (Nodes.integer(ports.get(i), "nodePort", 0) != 0) {
          errs.add(Errors.forbidden(SPEC.child("ports").index(i).child("nodePort"), "may not be used when `type` is 'ClusterIP'"));
        }
      }
    }
    Set<String> nodePorts = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      long nodePort = Nodes.integer(ports.get(i), "nodePort", 0);
      if (nodePort == 0) continue;
      if (!nodePorts.add(Nodes.text(ports.get(i), "protocol") + "/" + nodePort)) {
        errs.add(Errors.duplicate(SPEC.child("ports").index(i).child("nodePort"), nodePort));
      }
    }
    Set<String> portKeys = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      JsonNode port = ports.get(i);
      String protocol = Nodes.text(port, "protocol");
      long number = Nodes.integer(port, "port", 0);
      if (!portKeys.add(protocol + "/" + number)) {
        // Upstream prints the comparison key, a ServicePort holding only protocol and port.
        errs.add(Errors.duplicateRaw(SPEC.child("ports").index(i), "core.ServicePort{Name:\"\", Protocol:"
            + GoValues.quote(protocol) + ", AppProtocol:(*string)(nil), Port:" + number
            + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"));
      }
    }

    List<String> ranges = Nodes.strings(spec, "loadBalancerSourceRanges");
    String rangesAnnotation = "service.beta.kubernetes.io/load-balancer-source-ranges";
    Map<String, String> annotations = Nodes.stringMap(meta, "annotations");
    if (!ranges.isEmpty()) {
      Path p = SPEC.child("LoadBalancerSourceRanges");
      if (!type.equals("LoadBalancer")) errs.add(Errors.forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
      for (int i = 0; i < ranges.size(); i++) {
        String value = ranges.get(i).strip();
        Errors.invalidEach(errs, p.index(i), value, Addresses.validCidr(value));
      }
    } else if (annotations.containsKey(rangesAnnotation)) {
      Path p = Path.of("metadata", "annotations").key(rangesAnnotation);
      if (!type.equals("LoadBalancer")) errs.add(Errors.forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
      String val = annotations.get(rangesAnnotation).strip();
      if (!val.isEmpty()) {
        for (String v : val.split(",")) Errors.invalidEach(errs, p, v.strip(), Addresses.validCidr(v.strip()));
      }
    }

    if (Nodes.has(spec, "allocateLoadBalancerNodePorts") && !type.equals("LoadBalancer")) {
      errs.add(Errors.forbidden(SPEC.child("allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'"));
    }
    if (type.equals("LoadBalancer") && !Nodes.has(spec, "allocateLoadBalancerNodePorts")) {
      // Upstream's path really lacks the "spec." prefix.
      errs.add(Errors.required(Path.of("allocateLoadBalancerNodePorts")));
    }
    validateLoadBalancerClass(spec, errs);
    validateTrafficPolicies(spec, errs);
    return errs;
  }

  private static void validatePort(JsonNode port, boolean requireName, Set<String> names, Path p, List<FieldError> errs) {
    String name = Nodes.text(port, "name");
    if (requireName && name.isEmpty()) {
      errs.add(Errors.required(p.child("name")));
    } else if (!name.isEmpty()) {
      Errors.invalidEach(errs, p.child("name"), name, Names.dns1123Label(name));
      if (!names.add(name)) errs.add(Errors.duplicate(p.child("name"), name));
    }
    long number = Nodes.integer(port, "port", 0);
    Errors.invalidEach(errs, p.child("port"), number, Names.portNumber(number));
    String protocol = Nodes.text(port, "protocol");
    if (protocol.isEmpty()) errs.add(Errors.required(p.child("protocol")));
    else if (!PodSpecs.PROTOCOLS.contains(protocol)) errs.add(Errors.notSupported(p.child("protocol"), protocol, PodSpecs.PROTOCOLS));
    errs.addAll(portNumOrName(port.get("targetPort"), p.child("targetPort")));
    if (Nodes.has(port, "appProtocol")) {
      String app = Nodes.text(port, "appProtocol");
      Errors.invalidEach(errs, p.child("appProtocol"), app, Names.qualifiedName(app));
    }
    // nodePort's range is the allocator's check ("provided port is not in the valid range ..."),
    // as upstream: ValidateService does not look at it.
  }

  /** ValidatePortNumOrName: an int-or-string port (targetPort, probe and ingress ports). */
  static List<FieldError> portNumOrName(JsonNode value, Path path) {
    List<FieldError> errs = new ArrayList<>();
    if (value == null || value.isNull()) {
      errs.add(Errors.invalid(path, 0, dev.netkube.model.validation.Messages.inclusiveRange(1, 65535)));
    } else if (value.isIntegralNumber()) {
      Errors.invalidEach(errs, path, value.asLong(), Names.portNumber(value.asLong()));
    } else if (value.isTextual()) {
      Errors.invalidEach(errs, path, value.asText(), Names.portName(value.asText()));
    } else {
      errs.add(Errors.invalid(path, value, "invalid type"));
    }
    return errs;
  }

  private static void validateAffinityConfig(JsonNode config, Path path, List<FieldError> errs) {
    String when = "when session affinity type is ClientIP";
    JsonNode clientIP = Nodes.object(config, "clientIP");
    if (config == null) {
      errs.add(Errors.required(path, when));
    } else if (clientIP == null) {
      errs.add(Errors.required(path.child("clientIP"), when));
    } else if (!Nodes.has(clientIP, "timeoutSeconds")) {
      errs.add(Errors.required(path.child("clientIP").child("timeoutSeconds"), when));
    } else {
      long timeout = Nodes.integer(clientIP, "timeoutSeconds", 0);
      if (timeout <= 0 || timeout > MAX_AFFINITY_SECONDS) {
        errs.add(Errors.invalid(path.child("clientIP").child("timeoutSeconds"), timeout,
            "must be greater than 0 and less than " + MAX_AFFINITY_SECONDS));
      }
    }
  }

  private static void validateClusterIPFields(JsonNode spec, List<FieldError> errs) {
    if (Nodes.text(spec, "type").equals("ExternalName")) return;
    Path ipsPath = SPEC.child("clusterIPs");
    String clusterIP = Nodes.text(spec, "clusterIP");
    List<String> ips = Nodes.strings(spec, "clusterIPs");
    String ipsText = GoValues.stringSlice(spec, "clusterIPs");
    if (!clusterIP.isEmpty()) {
      if (ips.isEmpty()) errs.add(Errors.required(ipsPath));
      else if (!ips.get(0).equals(clusterIP)) errs.add(Errors.invalidRaw(ipsPath, ipsText, "first value must match `clusterIP`"));
    } else if (!ips.isEmpty()) {
      errs.add(Errors.invalidRaw(ipsPath, ipsText, "must be empty when `clusterIP` is not specified"));
    }
    List<String> families = Nodes.strings(spec, "ipFamilies");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < families.size(); i++) {
      String f = families.get(i);
      if (!IP_FAMILIES.contains(f)) errs.add(Errors.notSupported(SPEC.child("ipFamilies").index(i), f, IP_FAMILIES));
      if (!seen.add(f)) errs.add(Errors.duplicate(SPEC.child("ipFamilies").index(i), f));
    }
    if (Nodes.has(spec, "ipFamilyPolicy")) {
      String policy = Nodes.text(spec, "ipFamilyPolicy");
      if (!IP_FAMILY_POLICIES.contains(policy)) errs.add(Errors.notSupported(SPEC.child("ipFamilyPolicy"), policy, IP_FAMILY_POLICIES));
    }
    boolean invalidIPs = false;
    for (int i = 0; i < ips.size(); i++) {
      String ip = ips.get(i);
      if (i == 0 && ip.equals("None")) {
        if (ips.size() > 1) {
          invalidIPs = true;
          errs.add(Errors.invalidRaw(ipsPath, ipsText, "'None' must be the first and only value"));
        }
        continue;
      }
      List<String> bad = Addresses.validIp(ip);
      invalidIPs |= !bad.isEmpty();
      Errors.invalidEach(errs, ipsPath.index(i), ip, bad);
    }
    if (ips.size() > 2) errs.add(Errors.invalidRaw(ipsPath, ipsText, "may only hold up to 2 values"));
    if (invalidIPs) return;
    if (ips.size() > 1 && !(ips.size() == 2 && Addresses.isIpv4(ips.get(0)) != Addresses.isIpv4(ips.get(1)))) {
      errs.add(Errors.invalidRaw(ipsPath, ipsText, "may specify no more than one IP for each IP family"));
    }
    if (!headless(spec)) {
      for (int i = 0; i < ips.size() && i < families.size(); i++) {
        String ip = ips.get(i);
        if (families.get(i).equals("IPv4") && Addresses.isIpv6(ip)) {
          errs.add(Errors.invalid(ipsPath.index(i), ip, "expected an IPv4 value as indicated by `ipFamilies[" + i + "]`"));
        }
        if (families.get(i).equals("IPv6") && !Addresses.isIpv6(ip)) {
          errs.add(Errors.invalid(ipsPath.index(i), ip, "expected an IPv6 value as indicated by `ipFamilies[" + i + "]`"));
        }
      }
    }
  }

  private static void validateLoadBalancerClass(JsonNode spec, List<FieldError> errs) {
    if (!Nodes.has(spec, "loadBalancerClass")) return;
    String cls = Nodes.text(spec, "loadBalancerClass");
    if (Nodes.text(spec, "type").equals("LoadBalancer")) {
      Errors.invalidEach(errs, SPEC.child("loadBalancerClass"), cls, Names.qualifiedName(cls));
    } else {
      errs.add(Errors.forbidden(SPEC.child("loadBalancerClass"), "may only be used when `type` is 'LoadBalancer'"));
    }
  }

  private static void validateTrafficPolicies(JsonNode spec, List<FieldError> errs) {
    String etp = Nodes.text(spec, "externalTrafficPolicy");
    if (!externallyAccessible(spec)) {
      if (!etp.isEmpty()) {
        errs.add(Errors.invalid(SPEC.child("externalTrafficPolicy"), etp, "may only be set for externally-accessible services"));
      }
    } else if (etp.isEmpty()) {
      errs.add(Errors.required(SPEC.child("externalTrafficPolicy")));
    } else if (!TRAFFIC_POLICIES.contains(etp)) {
      errs.add(Errors.notSupported(SPEC.child("externalTrafficPolicy"), etp, TRAFFIC_POLICIES));
    }
    long hc = Nodes.integer(spec, "healthCheckNodePort", 0);
    boolean needsHealthCheck = Nodes.text(spec, "type").equals("LoadBalancer") && etp.equals("Local");
    if (!needsHealthCheck) {
      if (hc != 0) {
        errs.add(Errors.invalid(SPEC.child("healthCheckNodePort"), hc,
            "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
      }
    } else if (hc != 0) {
      // Zero means "not yet allocated": the allocator fills it, so only a given value is checked.
      Errors.invalidEach(errs, SPEC.child("healthCheckNodePort"), hc, Names.portNumber(hc));
    }
    String type = Nodes.text(spec, "type");
    if (!Nodes.has(spec, "internalTrafficPolicy")) {
      if (type.equals("NodePort") || type.equals("LoadBalancer") || type.equals("ClusterIP")) {
        errs.add(Errors.required(SPEC.child("internalTrafficPolicy")));
      }
    } else {
      String itp = Nodes.text(spec, "internalTrafficPolicy");
      if (!TRAFFIC_POLICIES.contains(itp)) errs.add(Errors.notSupported(SPEC.child("internalTrafficPolicy"), itp, TRAFFIC_POLICIES));
    }
    if (Nodes.has(spec, "trafficDistribution")) {
      String td = Nodes.text(spec, "trafficDistribution");
      if (!td.equals("PreferClose")) errs.add(Errors.notSupported(SPEC.child("trafficDistribution"), td, List.of("PreferClose")));
    }
  }

  @Override
  public List<FieldError> validateUpdate(ObjectNode svc, ObjectNode old) {
    JsonNode spec = Nodes.object(svc, "spec");
    JsonNode oldSpec = Nodes.object(old, "spec");
    List<FieldError> errs = new ArrayList<>();
    String type = Nodes.text(spec, "type");
    String oldType = Nodes.text(oldSpec, "type");
    boolean externalName = type.equals("ExternalName") || oldType.equals("ExternalName");
    if (!externalName && !(headless(spec) && headless(oldSpec))) {
      List<String> now = Nodes.strings(spec, "clusterIPs");
      List<String> before = Nodes.strings(oldSpec, "clusterIPs");
      String nowText = GoValues.stringSlice(spec, "clusterIPs");
      Path ips = SPEC.child("clusterIPs");
      if (now.size() == before.size()) {
        for (int i = 0; i < before.size(); i++) {
          if (!before.get(i).equals(now.get(i))) errs.add(Errors.invalidRaw(ips.index(i), nowText, "may not change once set"));
        }
      } else if (before.size() > now.size()) {
        if (now.isEmpty()) errs.add(Errors.invalidRaw(ips.index(0), nowText, "primary clusterIP can not be unset"));
        if (!now.isEmpty() && !now.get(0).equals(before.get(0))) {
          errs.add(Errors.invalidRaw(ips.index(0), nowText, "may not change once set"));
        }
        if (now.size() == 1 && !"SingleStack".equals(Nodes.text(spec, "ipFamilyPolicy"))) {
          errs.add(Errors.invalidRaw(SPEC.child("ipFamilyPolicy"), policyText(spec),
              "must be set to 'SingleStack' when releasing the secondary clusterIP"));
        }
      } else if (!before.isEmpty() && !now.get(0).equals(before.get(0))) {
        errs.add(Errors.invalidRaw(ips.index(0), nowText, "may not change once set"));
      }
    }
    if (!externalName && headless(spec) == headless(oldSpec) && !headless(spec)) {
      List<String> now = Nodes.strings(spec, "ipFamilies");
      List<String> before = Nodes.strings(oldSpec, "ipFamilies");
      if (now.size() == before.size()) {
        for (int i = 0; i < before.size(); i++) {
          if (!before.get(i).equals(now.get(i))) {
            errs.add(Errors.invalidRaw(SPEC.child("ipFamilies").index(0), familiesText(spec), "may not change once set"));
          }
        }
      } else if (before.size() > now.size()) {
        if (!now.isEmpty() && !now.get(0).equals(before.get(0))) {
          errs.add(Errors.invalidRaw(SPEC.child("ipFamilies").index(0), GoValues.stringSlice(spec, "clusterIPs"), "may not change once set"));
        }
        if (now.size() == 1 && !"SingleStack".equals(Nodes.text(spec, "ipFamilyPolicy"))) {
          errs.add(Errors.invalidRaw(SPEC.child("ipFamilyPolicy"), policyText(spec),
              "must be set to 'SingleStack' when releasing the secondary ipFamily"));
        }
      }
    }
    if (type.equals("LoadBalancer") && oldType.equals("LoadBalancer")
        && !Objects.equals(spec.get("loadBalancerClass"), oldSpec.get("loadBalancerClass"))) {
      errs.add(Errors.invalidRaw(SPEC.child("loadBalancerClass"),
          Nodes.has(spec, "loadBalancerClass") ? GoValues.quote(Nodes.text(spec, "loadBalancerClass")) : "null",
          "may not change once set"));
    }
    boolean hcBefore = oldType.equals("LoadBalancer") && "Local".equals(Nodes.text(oldSpec, "externalTrafficPolicy"));
    boolean hcNow = type.equals("LoadBalancer") && "Local".equals(Nodes.text(spec, "externalTrafficPolicy"));
    if (hcBefore && hcNow && Nodes.integer(spec, "healthCheckNodePort", 0) != Nodes.integer(oldSpec, "healthCheckNodePort", 0)) {
      errs.add(Errors.forbidden(SPEC.child("healthCheckNodePort"), "field is immutable"));
    }
    errs.addAll(validateCreate(svc));
    return errs;
  }

  private static String policyText(JsonNode spec) {
    return Nodes.has(spec, "ipFamilyPolicy") ? GoValues.quote(Nodes.text(spec, "ipFamilyPolicy")) : "null";
  }

  private static String familiesText(JsonNode spec) {
    List<String> f = Nodes.strings(spec, "ipFamilies");
    StringBuilder b = new StringBuilder("[]core.IPFamily{");
    for (int i = 0; i < f.size(); i++) b.append(i > 0 ? ", " : "").append(GoValues.quote(f.get(i)));
    return b.append('}').toString();
  }

}
