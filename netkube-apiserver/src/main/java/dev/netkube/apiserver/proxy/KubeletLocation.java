package dev.netkube.apiserver.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.api.FieldError;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where kube-apiserver sends a pod subresource request (pkg/registry/core/pod's ExecLocation,
 * AttachLocation, PortForwardLocation, LogLocation): the container is checked or defaulted, the
 * pod's node is looked up for its kubelet address and port, and the API's options become
 * kubelet's query. Pure: the pod and node objects in, a location or an upstream error out.
 */
public sealed interface KubeletLocation {
  /** kubelet's default port when the node does not report one. */
  int DEFAULT_KUBELET_PORT = 10250;
  /** kubeadm's --kubelet-preferred-address-types: netkube nodes have no resolvable host names. */
  List<String> PREFERRED_ADDRESS_TYPES = List.of("InternalIP", "ExternalIP", "Hostname");

  /** Proxy to https://host:port + pathAndQuery. */
  record Kubelet(String host, int port, String pathAndQuery) implements KubeletLocation {}

  /** pods/log of a pod on no node: an empty log, as upstream answers. */
  record Nowhere() implements KubeletLocation {}

  static KubeletLocation locate(PodSubresource req, Map<String, List<String>> query, ObjectNode pod,
      java.util.function.Function<String, Optional<ObjectNode>> nodes) {
    String name = req.pod();
    String container = "";
    if (req.kind() != PodSubresource.Kind.PORT_FORWARD) container = container(first(query, "container"), pod);
    List<String> kubeletQuery = new ArrayList<>();
    if (req.kind() == PodSubresource.Kind.LOG) kubeletQuery = logQuery(query, name);
    else if (req.kind() == PodSubresource.Kind.PORT_FORWARD) kubeletQuery = portForwardQuery(query);
    else kubeletQuery = streamQuery(query, req.kind() == PodSubresource.Kind.EXEC);
    String nodeName = pod.path("spec").path("nodeName").asText("");
    if (nodeName.isEmpty()) {
      if (req.kind() == PodSubresource.Kind.LOG) return new Nowhere();
      throw ApiException.badRequest("pod " + name + " does not have a host assigned");
    }
    ObjectNode node = nodes.apply(nodeName).orElseThrow(() -> ApiException.notFound("", "nodes", nodeName));
    String host = address(node);
    int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
    if (port <= 0) port = DEFAULT_KUBELET_PORT;
    String ns = req.namespace();
    String path = switch (req.kind()) {
      case EXEC -> "/exec/" + ns + "/" + name + "/" + container;
      case ATTACH -> "/attach/" + ns + "/" + name + "/" + container;
      case PORT_FORWARD -> "/portForward/" + ns + "/" + name;
      case LOG -> "/containerLogs/" + ns + "/" + name + "/" + container;
    };
    return new Kubelet(host, port, kubeletQuery.isEmpty() ? path : path + "?" + String.join("&", kubeletQuery));
  }

  /** validateContainer: the one container, or the named one, which must be in the spec (init and ephemeral ones count). */
  static String container(String requested, ObjectNode pod) {
    String name = pod.path("metadata").path("name").asText();
    JsonNode containers = pod.path("spec").path("containers");
    if (requested.isEmpty()) {
      if (containers.size() == 1) return containers.get(0).path("name").asText();
      if (containers.size() == 0) throw ApiException.badRequest("a container name must be specified for pod " + name);
      List<String> all = new ArrayList<>(); // podutil.VisitContainers' order: init, regular, ephemeral
      for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
        for (JsonNode c : pod.path("spec").path(list)) all.add(c.path("name").asText());
      }
      throw ApiException.badRequest("a container name must be specified for pod " + name + ", choose one of: ["
          + String.join(" ", all) + "]");
    }
    for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
      for (JsonNode c : pod.path("spec").path(list)) if (requested.equals(c.path("name").asText())) return requested;
    }
    throw ApiException.badRequest("container " + requested + " is not valid for pod " + name);
  }

  /** The node's first address of the preferred types (GetPreferredNodeAddress). */
  static String address(ObjectNode node) {
    JsonNode addresses = node.path("status").path("addresses");
    for (String type : PREFERRED_ADDRESS_TYPES) {
      for (JsonNode a : addresses) {
        if (type.equals(a.path("type").asText()) && !a.path("address").asText().isEmpty()) return a.path("address").asText();
      }
    }
    List<String> known = new ArrayList<>();
    for (JsonNode a : addresses) known.add("{" + a.path("type").asText() + " " + a.path("address").asText() + "}");
    throw ApiException.internal("no preferred addresses found; known addresses: [" + String.join(" ", known) + "]");
  }

  /** PodExecOptions / PodAttachOptions → kubelet's input, output, error, tty and command; stdout and stderr default to true. */
  private static List<String> streamQuery(Map<String, List<String>> query, boolean exec) {
    List<String> out = new ArrayList<>();
    if (bool(query, "stdin", false)) out.add("input=1");
    if (bool(query, "stdout", true)) out.add("output=1");
    if (bool(query, "stderr", true)) out.add("error=1");
    if (bool(query, "tty", false)) out.add("tty=1");
    if (exec) for (String c : query.getOrDefault("command", List.of())) out.add("command=" + encode(c));
    return out;
  }

  private static List<String> portForwardQuery(Map<String, List<String>> query) {
    List<String> ports = query.getOrDefault("ports", List.of());
    return ports.isEmpty() ? List.of() : List.of("port=" + encode(String.join(",", ports)));
  }

  /** PodLogOptions, validated as ValidatePodLogOptions does, passed on as kubelet reads them. */
  private static List<String> logQuery(Map<String, List<String>> query, String pod) {
    List<FieldError> errs = new ArrayList<>();
    Optional<Long> tail = number(query, "tailLines");
    Optional<Long> limit = number(query, "limitBytes");
    Optional<Long> since = number(query, "sinceSeconds");
    String sinceTime = first(query, "sinceTime");
    if (tail.isPresent() && tail.get() < 0) errs.add(FieldError.invalid("tailLines", tail.get(), "must be greater than or equal to 0"));
    if (limit.isPresent() && limit.get() < 1) errs.add(FieldError.invalid("limitBytes", limit.get(), "must be greater than 0"));
    if (since.isPresent() && !sinceTime.isEmpty()) {
      errs.add(FieldError.forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
    }
    if (since.isPresent() && since.get() < 1) errs.add(FieldError.invalid("sinceSeconds", since.get(), "must be greater than 0"));
    if (!errs.isEmpty()) throw ApiException.invalid("", "PodLogOptions", pod, errs);
    List<String> out = new ArrayList<>();
    if (bool(query, "follow", false)) out.add("follow=true");
    if (bool(query, "previous", false)) out.add("previous=true");
    if (bool(query, "timestamps", false)) out.add("timestamps=true");
    since.ifPresent(s -> out.add("sinceSeconds=" + s));
    if (!sinceTime.isEmpty()) {
      try {
        OffsetDateTime.parse(sinceTime);
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest("parsing time \"" + sinceTime + "\" as \"2006-01-02T15:04:05Z07:00\": cannot parse");
      }
      out.add("sinceTime=" + encode(sinceTime));
    }
    tail.ifPresent(t -> out.add("tailLines=" + t));
    limit.ifPresent(l -> out.add("limitBytes=" + l));
    return out;
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? "" : v.get(0);
  }

  /** Go's strconv.ParseBool, as the query parameter codec decodes booleans. */
  private static boolean bool(Map<String, List<String>> query, String name, boolean absent) {
    String v = first(query, name);
    if (v.isEmpty()) return absent;
    return switch (v) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> throw ApiException.badRequest("strconv.ParseBool: parsing \"" + v + "\": invalid syntax");
    };
  }

  private static Optional<Long> number(Map<String, List<String>> query, String name) {
    String v = first(query, name);
    if (v.isEmpty()) return Optional.empty();
    try {
      return Optional.of(Long.parseLong(v));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("strconv.ParseInt: parsing \"" + v + "\": invalid syntax");
    }
  }

  private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }
}
