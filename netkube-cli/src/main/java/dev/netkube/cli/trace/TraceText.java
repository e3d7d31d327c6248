package dev.netkube.cli.trace;

import dev.netkube.cli.trace.TraceReport.Step;
import java.util.Objects;

/** A {@link TraceReport} as a newcomer reads it: the packet, each hook and chain with the rules it matched, the verdict. */
public final class TraceText {
  private TraceText() {}

  /** The first node's report and, when the packet crossed the LAN untouched to another node, that node's. */
  public static String render(TraceReport first, java.util.Optional<TraceReport> next) {
    return render(first) + next.map(n -> "\nThe packet crosses the LAN to " + n.plan().node() + " (" + n.plan().packet().destinationIp()
        + "), its source unchanged, and meets " + n.plan().node() + "'s rules there:\n\n" + render(n)).orElse("");
  }

  public static String render(TraceReport report) {
    TracePlan plan = report.plan();
    StringBuilder out = new StringBuilder();
    out.append("packet:  ").append(plan.packet().sourceIp()).append(" -> ").append(plan.packet().destinationIp()).append(':')
        .append(plan.packet().destinationPort()).append(' ').append(plan.packet().protocol()).append(", a new connection\n");
    out.append("from:    ").append(plan.from()).append('\n');
    out.append("to:      ").append(plan.to()).append('\n');
    if (report.body() instanceof TraceReport.NoRules none) {
      out.append("rules:   none on ").append(plan.node()).append(" (netns ").append(plan.netns()).append(")\n");
      return out.append('\n').append(none.why()).append('\n').toString();
    }
    TraceReport.Traced traced = (TraceReport.Traced) report.body();
    out.append("rules:   ").append(traced.rules()).append(" on ").append(plan.node()).append(" (netns ").append(plan.netns()).append(")\n");
    String hook = null;
    String chain = null;
    for (Step s : traced.steps()) {
      if (!s.hook().equals(hook)) {
        out.append("\nhook ").append(s.hook()).append(":\n");
        hook = s.hook();
        chain = null;
      }
      if (!Objects.equals(s.chain(), chain)) {
        out.append("  ").append(s.chain()).append(s.priority().map(p -> "  (base chain, priority " + p + ")").orElse("")).append('\n');
        chain = s.chain();
      }
      out.append("      ").append(s.rule()).append('\n');
      s.note().ifPresent(n -> out.append("        # ").append(n).append('\n'));
      s.via().ifPresent(v -> out.append("        hit: ").append(v).append('\n'));
    }
    out.append('\n');
    TraceReport.Verdict v = traced.verdict();
    if (v instanceof TraceReport.Dnat d) {
      out.append(d.endpoints().size() == 1 ? "result:  DNAT to\n" : "result:  DNAT to one of " + d.endpoints().size()
          + " endpoints, chosen at random for each new connection\n");
      for (TraceReport.Endpoint e : d.endpoints()) {
        out.append("           ").append(e.address())
            .append(e.pod().map(p -> "  pod " + p).orElse("  (no pod has this address)"))
            .append(e.node().map(n -> " on " + n).orElse("")).append('\n');
      }
      if (d.masquerade()) {
        out.append("         masqueraded (the source becomes an address of ").append(plan.node()).append("):\n");
        d.masqueradeReasons().forEach(r -> out.append("           ").append(r).append('\n'));
      } else {
        out.append("         not masqueraded: the endpoint sees the client's own address ").append(plan.packet().sourceIp()).append('\n');
      }
    } else if (v instanceof TraceReport.Reject r) {
      out.append("result:  ").append(r.why()).append('\n');
    } else if (v instanceof TraceReport.Drop d) {
      out.append("result:  ").append(d.why()).append('\n');
    } else if (v instanceof TraceReport.Untouched u) {
      out.append("result:  untouched: ").append(u.why()).append('\n');
    }
    return out.toString();
  }
}
