package dev.netkube.cli.trace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.cli.trace.TraceReport.Step;
import dev.netkube.model.Json;

/** {@code --json}: the same report for scripts. {@code result} is dnat, reject, drop, untouched or no-rules. */
public final class TraceJson {
  private TraceJson() {}

  private static String pretty(ObjectNode root) {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** With a second hop, the first report carries it as {@code next}. */
  public static String render(TraceReport first, java.util.Optional<TraceReport> next) {
    ObjectNode root = object(first);
    next.ifPresent(n -> root.set("next", object(n)));
    return pretty(root);
  }

  public static String render(TraceReport report) {
    return pretty(object(report));
  }

  private static ObjectNode object(TraceReport report) {
    TracePlan plan = report.plan();
    ObjectNode root = Json.object();
    ObjectNode packet = root.putObject("packet");
    packet.put("source", plan.packet().sourceIp());
    packet.put("destination", plan.packet().destinationIp());
    packet.put("port", plan.packet().destinationPort());
    packet.put("protocol", plan.packet().protocol().name());
    root.put("from", plan.from());
    root.put("to", plan.to());
    root.put("node", plan.node());
    root.put("netns", plan.netns());
    if (report.body() instanceof TraceReport.NoRules none) {
      root.put("result", "no-rules");
      root.put("reason", none.why());
      return root;
    }
    TraceReport.Traced traced = (TraceReport.Traced) report.body();
    root.put("rules", traced.rules());
    ArrayNode steps = root.putArray("steps");
    for (Step s : traced.steps()) {
      ObjectNode step = steps.addObject();
      step.put("hook", s.hook());
      step.put("chain", s.chain());
      s.priority().ifPresent(p -> step.put("priority", p));
      step.put("rule", s.rule());
      s.via().ifPresent(v -> step.put("hit", v));
      s.note().ifPresent(n -> step.put("note", n));
    }
    TraceReport.Verdict v = traced.verdict();
    if (v instanceof TraceReport.Dnat d) {
      root.put("result", "dnat");
      ArrayNode eps = root.putArray("endpoints");
      for (TraceReport.Endpoint e : d.endpoints()) {
        ObjectNode ep = eps.addObject();
        ep.put("address", e.address());
        e.pod().ifPresent(p -> ep.put("pod", p));
        e.node().ifPresent(n -> ep.put("node", n));
      }
      root.put("masquerade", d.masquerade());
      d.masqueradeReasons().forEach(root.putArray("masqueradeReasons")::add);
    } else if (v instanceof TraceReport.Reject r) {
      root.put("result", "reject");
      root.put("reason", r.why());
    } else if (v instanceof TraceReport.Drop d) {
      root.put("result", "drop");
      root.put("reason", d.why());
    } else if (v instanceof TraceReport.Untouched u) {
      root.put("result", "untouched");
      root.put("reason", u.why());
    }
    return root;
  }
}
