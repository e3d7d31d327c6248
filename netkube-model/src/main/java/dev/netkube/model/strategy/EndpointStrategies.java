package dev.netkube.model.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.validation.Addresses;
import dev.netkube.model.validation.Errors;
import dev.netkube.model.validation.Names;
import dev.netkube.model.validation.Nodes;
import dev.netkube.model.validation.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** core/v1 Endpoints and discovery/v1 EndpointSlices. */
public final class EndpointStrategies {
  private static final List<String> ADDRESS_TYPES = List.of("FQDN", "IPv4", "IPv6");

  private EndpointStrategies() {}

  private static void defaultProtocols(List<JsonNode> ports) {
    for (JsonNode p : ports) {
      if (p instanceof ObjectNode port && Nodes.text(port, "protocol").isEmpty()) port.put("protocol", "TCP");
    }
  }

  public static final ResourceStrategy ENDPOINTS = new ResourceStrategy() {
    @Override
    public void applyDefaults(ObjectNode ep) {
      for (JsonNode subset : Nodes.list(ep, "subsets")) defaultProtocols(Nodes.list(subset, "ports"));
    }

    @Override
    public List<FieldError> validateCreate(ObjectNode ep) {
      List<FieldError> errs = new ArrayList<>();
      List<JsonNode> subsets = Nodes.list(ep, "subsets");
      for (int i = 0; i < subsets.size(); i++) {
        JsonNode ss = subsets.get(i);
        Path p = Path.of("subsets").index(i);
        List<JsonNode> addresses = Nodes.list(ss, "addresses");
        List<JsonNode> notReady = Nodes.list(ss, "notReadyAddresses");
        if (addresses.isEmpty() && notReady.isEmpty()) {
          errs.add(Errors.required(p, "must specify `addresses` or `notReadyAddresses`"));
        }
        for (int j = 0; j < addresses.size(); j++) address(addresses.get(j), p.child("addresses").index(j), errs);
        for (int j = 0; j < notReady.size(); j++) address(notReady.get(j), p.child("notReadyAddresses").index(j), errs);
        List<JsonNode> ports = Nodes.list(ss, "ports");
        for (int j = 0; j < ports.size(); j++) {
          JsonNode port = ports.get(j);
          Path pp = p.child("ports").index(j);
          String name = Nodes.text(port, "name");
          if (ports.size() > 1 && name.isEmpty()) errs.add(Errors.required(pp.child("name")));
          else if (!name.isEmpty()) Errors.invalidEach(errs, pp.child("name"), name, Names.dns1123Label(name));
          long number = Nodes.integer(port, "port", 0);
          Errors.invalidEach(errs, pp.child("port"), number, Names.portNumber(number));
          protocol(port, pp, errs);
        }
      }
      return errs;
    }

    private void address(JsonNode a, Path p, List<FieldError> errs) {
      String ip = Nodes.text(a, "ip");
      List<String> bad = Addresses.validIp(ip);
      Errors.invalidEach(errs, p.child("ip"), ip, bad.isEmpty() ? Addresses.nonSpecial(ip) : bad);
      String hostname = Nodes.text(a, "hostname");
      if (!hostname.isEmpty()) Errors.invalidEach(errs, p.child("hostname"), hostname, Names.dns1123Label(hostname));
      String nodeName = Nodes.text(a, "nodeName");
      if (!nodeName.isEmpty()) Errors.invalidEach(errs, p.child("nodeName"), nodeName, Names.dns1123Subdomain(nodeName));
    }
  };

  static void protocol(JsonNode port, Path p, List<FieldError> errs) {
    String protocol = Nodes.text(port, "protocol");
    if (protocol.isEmpty()) errs.add(Errors.required(p.child("protocol")));
    else if (!PodSpecs.PROTOCOLS.contains(protocol)) errs.add(Errors.notSupported(p.child("protocol"), protocol, PodSpecs.PROTOCOLS));
  }

  public static final ResourceStrategy ENDPOINT_SLICE = new ResourceStrategy() {
    @Override
    public void applyDefaults(ObjectNode slice) {
      defaultProtocols(Nodes.list(slice, "ports"));
      for (JsonNode p : Nodes.list(slice, "ports")) {
        if (p instanceof ObjectNode port && !port.has("name")) port.put("name", "");
      }
    }

    @Override
    public List<FieldError> validateCreate(ObjectNode slice) {
      List<FieldError> errs = new ArrayList<>();
      String type = Nodes.text(slice, "addressType");
      if (type.isEmpty()) errs.add(Errors.required(Path.of("addressType")));
      else if (!ADDRESS_TYPES.contains(type)) errs.add(Errors.notSupported(Path.of("addressType"), type, ADDRESS_TYPES));
      List<JsonNode> endpoints = Nodes.list(slice, "endpoints");
      if (endpoints.size() > 1000) errs.add(new FieldError(FieldError.Type.TOO_MANY, "endpoints", String.valueOf(endpoints.size()), "must have at most 1000 items"));
      for (int i = 0; i < endpoints.size(); i++) {
        JsonNode ep = endpoints.get(i);
        Path p = Path.of("endpoints").index(i);
        List<String> addresses = Nodes.strings(ep, "addresses");
        if (addresses.isEmpty()) {
          errs.add(Errors.required(p.child("addresses"), "must contain at least 1 address"));
        } else if (addresses.size() > 100) {
          errs.add(new FieldError(FieldError.Type.TOO_MANY, p.child("addresses").text(), String.valueOf(addresses.size()),
              "must have at most 100 items"));
        }
        for (int j = 0; j < addresses.size(); j++) {
          String a = addresses.get(j);
          Path ap = p.child("addresses").index(j);
          switch (type) {
            case "IPv4" -> Errors.invalidEach(errs, ap, a, Addresses.validIpv4(a));
            case "IPv6" -> { if (!Addresses.isIpv6(a)) errs.add(Errors.invalid(ap, a, "must be a valid IPv6 address")); }
            case "FQDN" -> {
              String n = a.endsWith(".") ? a.substring(0, a.length() - 1) : a;
              List<String> bad = Names.dns1123Subdomain(n);
              if (!bad.isEmpty()) errs.add(Errors.invalid(ap, n, String.join(",", bad)));
              else if (!n.contains(".")) errs.add(Errors.invalid(ap, n, "should be a domain with at least two segments separated by dots"));
            }
            default -> { }
          }
        }
        String hostname = Nodes.text(ep, "hostname");
        if (!hostname.isEmpty()) Errors.invalidEach(errs, p.child("hostname"), hostname, Names.dns1123Label(hostname));
        String nodeName = Nodes.text(ep, "nodeName");
        if (!nodeName.isEmpty()) Errors.invalidEach(errs, p.child("nodeName"), nodeName, Names.dns1123Subdomain(nodeName));
      }
      List<JsonNode> ports = Nodes.list(slice, "ports");
      if (ports.size() > 100) errs.add(new FieldError(FieldError.Type.TOO_MANY, "ports", String.valueOf(ports.size()), "must have at most 100 items"));
      Set<String> names = new HashSet<>();
      for (int i = 0; i < ports.size(); i++) {
        JsonNode port = ports.get(i);
        Path p = Path.of("ports").index(i);
        String name = Nodes.text(port, "name");
        if (!name.isEmpty()) Errors.invalidEach(errs, p.child("name"), name, Names.dns1123Label(name));
        if (!names.add(name)) errs.add(Errors.duplicate(p.child("name"), name));
        if (Nodes.has(port, "port")) {
          long number = Nodes.integer(port, "port", 0);
          Errors.invalidEach(errs, p.child("port"), number, Names.inRange(number, 0, 65535));
        }
        protocol(port, p, errs);
      }
      return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode slice, ObjectNode old) {
      List<FieldError> errs = new ArrayList<>(validateCreate(slice));
      String type = Nodes.text(slice, "addressType");
      if (!type.equals(Nodes.text(old, "addressType"))) {
        errs.add(Errors.invalid(Path.of("addressType"), type, dev.netkube.model.validation.Messages.FIELD_IMMUTABLE));
      }
      return errs;
    }
  };
}
