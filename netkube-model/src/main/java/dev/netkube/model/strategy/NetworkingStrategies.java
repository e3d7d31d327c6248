package dev.netkube.model.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.validation.Addresses;
import dev.netkube.model.validation.Errors;
import dev.netkube.model.validation.Labels;
import dev.netkube.model.validation.Messages;
import dev.netkube.model.validation.Names;
import dev.netkube.model.validation.Nodes;
import dev.netkube.model.validation.Path;
import java.util.ArrayList;
import java.util.List;

/** networking.k8s.io/v1 Ingress, IngressClass and NetworkPolicy. */
public final class NetworkingStrategies {
  private static final List<String> PATH_TYPES = List.of("Exact", "ImplementationSpecific", "Prefix");
  private static final Path SPEC = Path.of("spec");

  private NetworkingStrategies() {}

  public static final ResourceStrategy INGRESS = new ResourceStrategy() {
    @Override
    public void applyDefaults(ObjectNode ing) {
      ObjectNode status = Nodes.objectOrCreate(ing, "status");
      if (!status.has("loadBalancer")) status.putObject("loadBalancer");
    }

    @Override
    public List<FieldError> validateCreate(ObjectNode ing) {
      List<FieldError> errs = new ArrayList<>();
      JsonNode spec = Nodes.object(ing, "spec");
      List<JsonNode> rules = Nodes.list(spec, "rules");
      JsonNode defaultBackend = Nodes.object(spec, "defaultBackend");
      if (rules.isEmpty() && defaultBackend == null) {
        errs.add(Errors.invalidRaw(SPEC, rules.isEmpty() && !Nodes.has(spec, "rules") ? "[]networking.IngressRule(nil)"
            : "[]networking.IngressRule{}", "either `defaultBackend` or `rules` must be specified"));
      }
      if (defaultBackend != null) backend(defaultBackend, SPEC.child("defaultBackend"), errs);
      for (int i = 0; i < rules.size(); i++) {
        JsonNode rule = rules.get(i);
        Path p = SPEC.child("rules").index(i);
        String host = Nodes.text(rule, "host");
        if (!host.isEmpty()) {
          if (Addresses.isIp(host)) errs.add(Errors.invalid(p.child("host"), host, "must be a DNS name, not an IP address"));
          List<String> bad = host.contains("*") ? Names.wildcardDns1123Subdomain(host) : Names.dns1123Subdomain(host);
          Errors.invalidEach(errs, p.child("host"), host, bad);
        }
        JsonNode http = Nodes.object(rule, "http");
        if (http == null) continue;
        List<JsonNode> paths = Nodes.list(http, "paths");
        Path hp = p.child("http");
        if (paths.isEmpty()) errs.add(Errors.required(hp.child("paths")));
        for (int j = 0; j < paths.size(); j++) httpPath(paths.get(j), hp.child("paths").index(j), errs);
      }
      List<JsonNode> tls = Nodes.list(spec, "tls");
      for (int i = 0; i < tls.size(); i++) {
        List<String> hosts = Nodes.strings(tls.get(i), "hosts");
        for (int j = 0; j < hosts.size(); j++) {
          String host = hosts.get(j);
          Path hp = SPEC.child("tls").index(i).child("hosts").index(j);
          Errors.invalidEach(errs, hp, host, host.contains("*") ? Names.wildcardDns1123Subdomain(host) : Names.dns1123Subdomain(host));
        }
      }
      if (Nodes.has(spec, "ingressClassName")) {
        String cls = Nodes.text(spec, "ingressClassName");
        Errors.invalidEach(errs, SPEC.child("ingressClassName"), cls, Names.dns1123Subdomain(cls));
      }
      return errs;
    }

    private void httpPath(JsonNode path, Path p, List<FieldError> errs) {
      String value = Nodes.text(path, "path");
      if (!Nodes.has(path, "pathType")) {
        errs.add(Errors.required(p.child("pathType"), "pathType must be specified"));
      } else {
        String type = Nodes.text(path, "pathType");
        switch (type) {
          case "Exact", "Prefix" -> {
            if (!value.startsWith("/")) errs.add(Errors.invalid(p.child("path"), value, "must be an absolute path"));
            if (!value.isEmpty()) {
              for (String bad : List.of("//", "/./", "/../", "%2f", "%2F")) {
                if (value.contains(bad)) errs.add(Errors.invalid(p.child("path"), value, "must not contain '" + bad + "'"));
              }
              for (String bad : List.of("/..", "/.")) {
                if (value.endsWith(bad)) errs.add(Errors.invalid(p.child("path"), value, "cannot end with '" + bad + "'"));
              }
            }
          }
          case "ImplementationSpecific" -> {
            if (!value.isEmpty() && !value.startsWith("/")) errs.add(Errors.invalid(p.child("path"), value, "must be an absolute path"));
          }
          default -> errs.add(Errors.notSupported(p.child("pathType"), type, PATH_TYPES));
        }
      }
      JsonNode backend = Nodes.object(path, "backend");
      backend(backend, p.child("backend"), errs);
    }

    private void backend(JsonNode backend, Path p, List<FieldError> errs) {
      JsonNode service = Nodes.object(backend, "service");
      JsonNode resource = Nodes.object(backend, "resource");
      if (service == null && resource == null) {
        errs.add(Errors.invalidRaw(p, "networking.IngressBackend{Service:(*networking.IngressServiceBackend)(nil), "
            + "Resource:(*core.TypedLocalObjectReference)(nil)}", "one backend must be specified"));
        return;
      }
      if (service != null && resource != null) {
        errs.add(Errors.invalidRaw(p, "networking.IngressBackend{...}", "cannot set both resource and service backends"));
        return;
      }
      if (resource != null) {
        if (Nodes.text(resource, "kind").isEmpty()) errs.add(Errors.required(p.child("resource").child("kind")));
        if (Nodes.text(resource, "name").isEmpty()) errs.add(Errors.required(p.child("resource").child("name")));
        return;
      }
      Path sp = p.child("service");
      String name = Nodes.text(service, "name");
      if (name.isEmpty()) errs.add(Errors.required(sp.child("name")));
      else Errors.invalidEach(errs, sp.child("name"), name, Names.dns1035Label(name));
      JsonNode port = Nodes.object(service, "port");
      String portName = Nodes.text(port, "name");
      long number = Nodes.integer(port, "number", 0);
      if (!portName.isEmpty() && number != 0) {
        errs.add(Errors.invalidRaw(sp.child("port"), "networking.ServiceBackendPort{Name:" + dev.netkube.model.validation.GoValues.quote(portName)
            + ", Number:" + number + "}", "cannot specify both port name and port number"));
      } else if (!portName.isEmpty()) {
        Errors.invalidEach(errs, sp.child("port").child("name"), portName, Names.portName(portName));
      } else if (number != 0) {
        Errors.invalidEach(errs, sp.child("port").child("number"), number, Names.portNumber(number));
      } else {
        errs.add(Errors.required(sp.child("port"), "port name or number is required"));
      }
    }
  };

  public static final ResourceStrategy INGRESS_CLASS = new ResourceStrategy() {
    @Override
    public List<FieldError> validateCreate(ObjectNode ic) {
      List<FieldError> errs = new ArrayList<>();
      JsonNode spec = Nodes.object(ic, "spec");
      String controller = Nodes.text(spec, "controller");
      Path cp = SPEC.child("controller");
      if (controller.length() > 250) {
        errs.add(new FieldError(FieldError.Type.TOO_LONG, cp.text(), "\"\"", "must have at most 250 bytes"));
      }
      if (controller.isEmpty()) {
        errs.add(Errors.required(cp));
      } else {
        String[] parts = controller.split("/", 2);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
          errs.add(Errors.invalid(cp, controller, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
        } else {
          Errors.invalidEach(errs, cp, parts[0], Names.dns1123Subdomain(parts[0]));
          if (!parts[1].matches("[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+")) {
            errs.add(Errors.invalid(cp, parts[1], Messages.regex("Invalid path", "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+")));
          }
        }
      }
      JsonNode params = Nodes.object(spec, "parameters");
      if (params != null) {
        Path pp = SPEC.child("parameters");
        if (Nodes.text(params, "kind").isEmpty()) errs.add(Errors.required(pp.child("kind"), "kind is required"));
        if (Nodes.text(params, "name").isEmpty()) errs.add(Errors.required(pp.child("name"), "name is required"));
        String scope = Nodes.text(params, "scope");
        if (!scope.isEmpty() && !List.of("Cluster", "Namespace").contains(scope)) {
          errs.add(Errors.notSupported(pp.child("scope"), scope, List.of("Cluster", "Namespace")));
        }
      }
      return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode ic, ObjectNode old) {
      List<FieldError> errs = new ArrayList<>(validateCreate(ic));
      String controller = Nodes.text(Nodes.object(ic, "spec"), "controller");
      if (!controller.equals(Nodes.text(Nodes.object(old, "spec"), "controller"))) {
        errs.add(Errors.invalid(SPEC.child("controller"), controller, Messages.FIELD_IMMUTABLE));
      }
      return errs;
    }
  };

  /** NetworkPolicy: defaults policyTypes and port protocols; validates selectors and ports. */
  public static final ResourceStrategy NETWORK_POLICY = new ResourceStrategy() {
    @Override
    public void applyDefaults(ObjectNode np) {
      ObjectNode spec = Nodes.objectOrCreate(np, "spec");
      for (String dir : List.of("ingress", "egress")) {
        for (JsonNode rule : Nodes.list(spec, dir)) {
          for (JsonNode p : Nodes.list(rule, "ports")) {
            if (p instanceof ObjectNode port && Nodes.text(port, "protocol").isEmpty()) port.put("protocol", "TCP");
          }
        }
      }
      if (!Nodes.has(spec, "policyTypes") || Nodes.list(spec, "policyTypes").isEmpty()) {
        var types = spec.putArray("policyTypes").add("Ingress");
        if (Nodes.has(spec, "egress")) types.add("Egress");
      }
    }

    @Override
    public List<FieldError> validateCreate(ObjectNode np) {
      List<FieldError> errs = new ArrayList<>();
      JsonNode spec = Nodes.object(np, "spec");
      errs.addAll(Labels.validateSelector(Nodes.object(spec, "podSelector"), SPEC.child("podSelector")));
      List<String> types = Nodes.strings(spec, "policyTypes");
      for (int i = 0; i < types.size(); i++) {
        if (!List.of("Egress", "Ingress").contains(types.get(i))) {
          errs.add(Errors.notSupported(SPEC.child("policyTypes").index(i), types.get(i), List.of("Egress", "Ingress")));
        }
      }
      for (String dir : List.of("ingress", "egress")) {
        List<JsonNode> rules = Nodes.list(spec, dir);
        for (int i = 0; i < rules.size(); i++) {
          List<JsonNode> ports = Nodes.list(rules.get(i), "ports");
          for (int j = 0; j < ports.size(); j++) {
            JsonNode port = ports.get(j);
            Path pp = SPEC.child(dir).index(i).child("ports").index(j);
            String protocol = Nodes.text(port, "protocol");
            if (!protocol.isEmpty() && !PodSpecs.PROTOCOLS.contains(protocol)) {
              errs.add(Errors.notSupported(pp.child("protocol"), protocol, PodSpecs.PROTOCOLS));
            }
            if (Nodes.has(port, "port")) errs.addAll(ServiceStrategy.portNumOrName(port.get("port"), pp.child("port")));
          }
        }
      }
      return errs;
    }
  };
}
