package dev.netkube.cli.trace;

import java.util.List;
import java.util.Optional;

/** What {@link Reporter} found: the plan and either the rules met and the verdict, or why there are no rules to read. */
public record TraceReport(TracePlan plan, Body body) {

  public sealed interface Body {}

  /** The node has no {@code ip kube-proxy} table: its proxy has not run (or is another mode). */
  public record NoRules(String why) implements Body {}

  /** The rules met in order, each under the hook of the base chain it was reached from. */
  /** @param rules what was read: {@code table ip kube-proxy}, or {@code iptables (legacy)} for an iptables-mode node */
  public record Traced(String rules, List<Step> steps, Verdict verdict) implements Body {
    public Traced {
      steps = List.copyOf(steps);
    }
  }

  /**
   * A matched rule; {@code priority} is set for a base chain; {@code via} is the verdict-map element it hit; {@code note}
   * says what the rule is for, in words.
   */
  public record Step(String hook, String chain, Optional<Integer> priority, String rule, Optional<String> via, Optional<String> note) {}

  public sealed interface Verdict {}

  /** DNATed to one of the endpoints (a random choice when several); masqueraded or not, and by which rules. */
  public record Dnat(List<Endpoint> endpoints, boolean masquerade, List<String> masqueradeReasons) implements Verdict {
    public Dnat {
      endpoints = List.copyOf(endpoints);
      masqueradeReasons = List.copyOf(masqueradeReasons);
    }
  }

  public record Endpoint(String address, Optional<String> pod, Optional<String> node) {}

  /** Refused at once (ICMP port unreachable: curl fails at once with "Couldn't connect to server"). */
  public record Reject(String why) implements Verdict {}

  /** Dropped silently: the client times out. */
  public record Drop(String why) implements Verdict {}

  /** kube-proxy's rules leave it alone: it goes where routing sends it. */
  public record Untouched(String why) implements Verdict {}
}
