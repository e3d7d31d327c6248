package dev.netkube.cli.trace;

import dev.netkube.cli.trace.ClusterFacts.EndpointName;
import dev.netkube.cli.trace.TraceReport.Step;
import dev.netkube.proxy.trace.IptablesRuleset;
import dev.netkube.proxy.trace.IptablesTracer;
import dev.netkube.proxy.trace.Trace;
import dev.netkube.proxy.trace.TraceOutcome;
import dev.netkube.proxy.trace.TraceStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link Reporter}'s counterpart for a node whose kube-proxy runs in iptables mode: the packet traced over the node's
 * {@code iptables-save}, the reasons read from kube-proxy's iptables rule comments ("... has no endpoints", ...).
 */
final class IptablesReporter {
  private static final Pattern COMMENT = Pattern.compile("--comment (\"[^\"]*\"|\\S+)");
  /** Where each built-in chain sits among the hooks (iptables' nat and filter priorities). */
  private static final Map<String, Integer> PRIORITY = Map.of("nat PREROUTING", -100, "nat OUTPUT", -100, "filter INPUT", 0,
      "filter FORWARD", 0, "filter OUTPUT", 0, "nat POSTROUTING", 100);

  private IptablesReporter() {}

  /** @param backend the iptables backend the rules were read with ({@code legacy}, {@code nf_tables}) */
  static TraceReport report(TracePlan plan, String saved, String backend, Set<String> localAddresses, Map<String, EndpointName> names) {
    Trace trace = new IptablesTracer(IptablesRuleset.parse(saved), localAddresses).trace(plan.packet());
    List<Step> steps = new ArrayList<>();
    String hook = "?";
    for (TraceStep t : trace.steps()) {
      Integer priority = PRIORITY.get(t.chain());
      if (priority != null) hook = t.chain().substring(t.chain().indexOf(' ') + 1).toLowerCase(Locale.ROOT);
      steps.add(new Step(hook, t.chain(), Optional.ofNullable(priority), t.rule(), Optional.empty(), Optional.empty()));
    }
    String dest = plan.packet().destinationIp() + ":" + plan.packet().destinationPort() + "/" + plan.packet().protocol();
    TraceReport.Verdict verdict;
    if (trace.outcome() instanceof TraceOutcome.Dnat d) {
      verdict = new TraceReport.Dnat(Reporter.named(d.endpoints(), names), d.masquerade(),
          d.masquerade() ? masqueradeReasons(plan, steps) : List.of());
    } else if (trace.outcome() instanceof TraceOutcome.Reject) {
      verdict = new TraceReport.Reject(why(plan, steps, "REJECT", dest));
    } else if (trace.outcome() instanceof TraceOutcome.Drop) {
      verdict = new TraceReport.Drop(why(plan, steps, "DROP", dest));
    } else {
      verdict = Reporter.untouched(plan, dest);
    }
    return new TraceReport(plan, new TraceReport.Traced("iptables (" + backend + ")", steps, verdict));
  }

  private static String why(TracePlan plan, List<Step> steps, String verdict, String dest) {
    for (Step s : steps) {
      // iptables-save adds the target's defaults: "-j REJECT --reject-with icmp-port-unreachable"
      if (!(" " + s.rule() + " ").contains(" -j " + verdict + " ")) continue;
      String comment = comment(s.rule()).orElse("");
      if (comment.endsWith(" has no endpoints")) {
        return Reporter.serviceWordsOf(comment.substring(0, comment.indexOf(' '))) + " has no endpoints: REJECT (a client is refused at once)";
      }
      if (comment.endsWith(" has no local endpoints")) {
        return Reporter.serviceWordsOf(comment.substring(0, comment.indexOf(' '))) + " has endpoints, but a Local traffic policy allows"
            + " none on " + plan.node() + ": DROP";
      }
      if (comment.contains(" traffic not accepted by KUBE-FW-")) {
        return plan.packet().sourceIp() + " is not in the loadBalancerSourceRanges of "
            + Reporter.serviceWordsOf(comment.substring(0, comment.indexOf(' '))) + ": DROP";
      }
      return "rule \"" + s.rule() + "\" in chain " + s.chain() + ": " + verdict;
    }
    return "the packet to " + dest + ": " + verdict;
  }

  private static List<String> masqueradeReasons(TracePlan plan, List<Step> steps) {
    List<String> reasons = new ArrayList<>();
    for (Step s : steps) {
      if (!s.rule().endsWith("-j KUBE-MARK-MASQ")) continue;
      String where = " (rule \"" + s.rule() + "\" in " + s.chain() + ")";
      String why;
      Matcher outside = Pattern.compile("! -s (\\S+)").matcher(s.rule());
      if (outside.find()) {
        why = MasqueradeReasons.outsideClusterCidr(plan, outside.group(1));
      } else if (s.chain().startsWith("nat KUBE-SEP-")) {
        why = MasqueradeReasons.hairpin(plan);
      } else if (s.rule().contains("masquerade LOCAL traffic")) {
        why = MasqueradeReasons.nodeToLocalPolicyExternal();
      } else if (s.chain().startsWith("nat KUBE-EXT-")) {
        why = MasqueradeReasons.externalClusterPolicy(plan);
      } else {
        why = MasqueradeReasons.marked();
      }
      reasons.add(why + where);
    }
    return reasons;
  }

  private static Optional<String> comment(String rule) {
    Matcher m = COMMENT.matcher(rule);
    return m.find() ? Optional.of(m.group(1).replace("\"", "")) : Optional.empty();
  }
}
