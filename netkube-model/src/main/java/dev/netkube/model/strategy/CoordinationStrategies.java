package dev.netkube.model.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.validation.Errors;
import dev.netkube.model.validation.Messages;
import dev.netkube.model.validation.Nodes;
import dev.netkube.model.validation.Path;
import java.util.ArrayList;
import java.util.List;

/** coordination.k8s.io/v1 Lease and the two Event APIs (core/v1 and events.k8s.io/v1). */
public final class CoordinationStrategies {
  private CoordinationStrategies() {}

  public static final ResourceStrategy LEASE = new ResourceStrategy() {
    @Override
    public List<FieldError> validateCreate(ObjectNode lease) {
      List<FieldError> errs = new ArrayList<>();
      JsonNode spec = Nodes.object(lease, "spec");
      Path p = Path.of("spec");
      if (Nodes.has(spec, "leaseDurationSeconds") && Nodes.integer(spec, "leaseDurationSeconds", 0) <= 0) {
        errs.add(Errors.invalid(p.child("leaseDurationSeconds"), Nodes.integer(spec, "leaseDurationSeconds", 0), "must be greater than 0"));
      }
      if (Nodes.has(spec, "leaseTransitions") && Nodes.integer(spec, "leaseTransitions", 0) < 0) {
        errs.add(Errors.invalid(p.child("leaseTransitions"), Nodes.integer(spec, "leaseTransitions", 0), Messages.IS_NEGATIVE));
      }
      return errs;
    }
  };

  /** core/v1 Event (legacy rules): the involved object's namespace must be the event's. */
  public static final ResourceStrategy CORE_EVENT = new ResourceStrategy() {
    @Override
    public List<FieldError> validateCreate(ObjectNode event) {
      List<FieldError> errs = new ArrayList<>();
      String ns = Nodes.text(Nodes.object(event, "metadata"), "namespace");
      JsonNode involved = Nodes.object(event, "involvedObject");
      String involvedNs = Nodes.text(involved, "namespace");
      Path p = Path.of("involvedObject", "namespace");
      if (Nodes.text(event, "eventTime").isEmpty()) {
        if (involvedNs.isEmpty()) {
          if (!ns.isEmpty() && !ns.equals("default")) errs.add(Errors.invalid(p, involvedNs, "does not match event.namespace"));
        } else if (!ns.equals(involvedNs)) {
          errs.add(Errors.invalid(p, involvedNs, "does not match event.namespace"));
        }
      } else {
        newStyle(event, "reportingComponent", "reason", errs);
      }
      return errs;
    }
  };

  /** events.k8s.io/v1: eventTime, reportingController, reportingInstance, action and reason are required. */
  public static final ResourceStrategy EVENTS_V1_EVENT = new ResourceStrategy() {
    @Override
    public List<FieldError> validateCreate(ObjectNode event) {
      List<FieldError> errs = new ArrayList<>();
      if (Nodes.text(event, "eventTime").isEmpty()) errs.add(Errors.required(Path.of("eventTime")));
      newStyle(event, "reportingController", "reason", errs);
      for (String deprecated : List.of("deprecatedFirstTimestamp", "deprecatedLastTimestamp")) {
        if (!Nodes.text(event, deprecated).isEmpty()) errs.add(Errors.invalid(Path.of(deprecated), "", "needs to be unset"));
      }
      return errs;
    }
  };

  private static void newStyle(ObjectNode event, String controllerField, String reasonField, List<FieldError> errs) {
    String type = Nodes.text(event, "type");
    if (!type.equals("Normal") && !type.equals("Warning")) {
      errs.add(Errors.invalid(Path.of("type"), "", "has invalid value: " + type));
    }
    if (Nodes.text(event, controllerField).isEmpty()) errs.add(Errors.required(Path.of("reportingController")));
    if (Nodes.text(event, "reportingInstance").isEmpty()) errs.add(Errors.required(Path.of("reportingInstance")));
    String action = Nodes.text(event, "action");
    if (action.isEmpty()) errs.add(Errors.required(Path.of("action")));
    else if (action.length() > 128) errs.add(Errors.invalid(Path.of("action"), "", "can have at most 128 characters"));
    String reason = Nodes.text(event, reasonField);
    if (reason.isEmpty()) errs.add(Errors.required(Path.of("reason")));
    else if (reason.length() > 128) errs.add(Errors.invalid(Path.of("reason"), "", "can have at most 128 characters"));
    String note = Nodes.text(event, event.has("note") ? "note" : "message");
    if (note.length() > 1024) errs.add(Errors.invalid(Path.of("note"), "", "can have at most 1024 characters"));
  }
}
