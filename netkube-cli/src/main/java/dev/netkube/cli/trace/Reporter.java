package dev.netkube.cli.trace;

import dev.netkube.cli.trace.ClusterFacts.EndpointName;
import dev.netkube.cli.trace.TraceReport.Step;
import dev.netkube.proxy.trace.LiveRuleset;
import dev.netkube.proxy.trace.PacketTracer;
import dev.netkube.proxy.trace.Trace;
import dev.netkube.proxy.trace.TraceOutcome;
import dev.netkube.proxy.trace.TraceStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pure core of {@code netkube trace}: a resolved packet, the node's ruleset as {@code nft -j} prints it, the node's
 * local addresses and who stands behind each endpoint, in; a {@link TraceReport} out. The reasons it gives read kube-proxy's
 * own rule shapes (see docs/proxy-nftables.md); a rule it does not recognise is quoted instead.
 */
public final class Reporter {
  private static final Pattern COMMENT = Pattern.compile("comment \"([^\"]*)\"");
  private static final Pattern SADDR_NOT = Pattern.compile("ip saddr != (\\S+)");

  static final String NFT_RULES = "table ip kube-proxy";

  private Reporter() {}

  /** {@code rulesetJson} empty: the node has no kube-proxy table. */
  public static TraceReport report(TracePlan plan, Optional<String> rulesetJson, Set<String> localAddresses,
      Map<String, EndpointName> names) {
    if (rulesetJson.isEmpty()) {
      return new TraceReport(plan, new TraceReport.NoRules(plan.node() + " has no kube-proxy rules (no table ip kube-proxy, no iptables KUBE-SERVICES chain in "
          + plan.netns() + "): is the kube-proxy pod running? kubectl -n kube-system get pods -l k8s-app=kube-proxy -o wide"));
    }
    LiveRuleset ruleset = LiveRuleset.parse(rulesetJson.get(), "ip", "kube-proxy");
    Trace trace = new PacketTracer(ruleset, localAddresses).trace(plan.packet());
    List<Step> steps = steps(ruleset, trace.steps());
    return new TraceReport(plan, new TraceReport.Traced(NFT_RULES, steps, verdict(plan, trace.outcome(), steps, names)));
  }

  private static List<Step> steps(LiveRuleset ruleset, List<TraceStep> traced) {
    List<Step> steps = new ArrayList<>();
    String hook = "?";
    for (TraceStep t : traced) {
      Optional<LiveRuleset.Hook> h = Optional.ofNullable(ruleset.chains().get(t.chain())).flatMap(LiveRuleset.LiveChain::hook);
      if (h.isPresent()) hook = h.get().hook();
      steps.add(new Step(hook, t.chain(), h.map(LiveRuleset.Hook::priority), t.rule(), t.via(), RuleNotes.note(t.chain(), t.rule())));
    }
    return steps;
  }

  private static TraceReport.Verdict verdict(TracePlan plan, TraceOutcome outcome, List<Step> steps, Map<String, EndpointName> names) {
    String dest = plan.packet().destinationIp() + ":" + plan.packet().destinationPort() + "/" + plan.packet().protocol();
    if (outcome instanceof TraceOutcome.Dnat d) {
      List<String> reasons = d.masquerade() ? masqueradeReasons(plan, steps) : List.of();
      return new TraceReport.Dnat(named(d.endpoints(), names), d.masquerade(), reasons);
    }
    if (outcome instanceof TraceOutcome.Reject) {
      return new TraceReport.Reject(why(plan, steps, "reject", dest));
    }
    if (outcome instanceof TraceOutcome.Drop) {
      return new TraceReport.Drop(why(plan, steps, "drop", dest));
    }
    return untouched(plan, dest);
  }

  /** The DNAT targets with the pods and nodes behind them. */
  static List<TraceReport.Endpoint> named(List<String> endpoints, Map<String, EndpointName> names) {
    List<TraceReport.Endpoint> eps = new ArrayList<>();
    for (String ep : endpoints) {
      EndpointName n = names.get(ep.substring(0, ep.lastIndexOf(':')));
      eps.add(new TraceReport.Endpoint(ep, Optional.ofNullable(n).flatMap(EndpointName::pod),
          Optional.ofNullable(n).flatMap(EndpointName::node)));
    }
    return eps;
  }

  static TraceReport.Untouched untouched(TracePlan plan, String dest) {
    return new TraceReport.Untouched(dest + " is no cluster IP, external IP, load-balancer IP or node port that " + plan.node()
        + "'s kube-proxy rules know, so they leave the packet alone and it goes where routing sends it");
  }

  /** kube-proxy's comment {@code default/empty:http} as words: {@code service default/empty (port http)}. */
  static String serviceWordsOf(String comment) { return serviceWords(comment); }

  /** Why the packet was rejected or dropped ({@code kind}: "reject" or "drop"), from the rule that did it. */
  private static String why(TracePlan plan, List<Step> steps, String kind, String dest) {
    String verdict = kind.toUpperCase(java.util.Locale.ROOT);
    for (Step s : steps) {
      String rule = withoutComment(s.rule());
      boolean endpointsCheck = s.chain().equals("service-endpoints-check") || s.chain().equals("nodeport-endpoints-check");
      if (endpointsCheck && s.via().isPresent()) {
        // the no-endpoint maps: kube-proxy's element comment names the service port
        String element = withoutComment(s.via().get());
        String svc = comment(s.via().get()).map(Reporter::serviceWords).orElse("the service");
        if (kind.equals("reject") && element.endsWith(": goto reject-chain")) {
          return svc + " has no endpoints: REJECT (a client is refused at once)";
        }
        if (kind.equals("drop") && element.endsWith(": drop")) {
          return svc + " has endpoints, but a Local traffic policy allows none on " + plan.node()
              + " (eTP=Local and no local endpoint): DROP";
        }
      }
      if (s.chain().equals("cluster-ips-check") && rule.endsWith(" " + kind)) {
        return kind.equals("reject")
            ? "no such port on cluster IP " + plan.packet().destinationIp() + ": the service there has no port "
                + plan.packet().destinationPort() + "/" + plan.packet().protocol() + ": REJECT"
            : plan.packet().destinationIp() + " is in the service CIDR but no service has it: DROP";
      }
      if (s.chain().startsWith("firewall-") && rule.contains("ip saddr != ") && rule.endsWith(" " + kind)) {
        return plan.packet().sourceIp() + " is not in the loadBalancerSourceRanges of "
            + s.chain().replaceFirst("^firewall-[A-Z0-9]+-", "") + ": " + verdict;
      }
    }
    return steps.isEmpty() ? "the packet to " + dest + ": " + verdict
        : "rule \"" + steps.get(steps.size() - 1).rule() + "\" in chain " + steps.get(steps.size() - 1).chain() + ": " + verdict;
  }

  /** Which rules set mark-for-masquerade, and what kube-proxy means by each. */
  private static List<String> masqueradeReasons(TracePlan plan, List<Step> steps) {
    List<String> reasons = new ArrayList<>();
    for (Step s : steps) {
      if (!s.rule().startsWith("jump mark-for-masquerade") && !s.rule().contains(" jump mark-for-masquerade")) continue;
      String where = " (rule \"" + s.rule() + "\" in " + s.chain() + ")";
      Matcher outside = SADDR_NOT.matcher(s.rule());
      String why;
      if (outside.find()) {
        why = MasqueradeReasons.outsideClusterCidr(plan, outside.group(1));
      } else if (s.chain().startsWith("endpoint-") && s.rule().startsWith("ip saddr ")) {
        why = MasqueradeReasons.hairpin(plan);
      } else if (s.rule().startsWith("fib saddr type local")) {
        why = MasqueradeReasons.nodeToLocalPolicyExternal();
      } else if (s.chain().startsWith("external-")) {
        why = MasqueradeReasons.externalClusterPolicy(plan);
      } else {
        why = MasqueradeReasons.marked();
      }
      reasons.add(why + where);
    }
    return reasons;
  }

  private static Optional<String> comment(String text) {
    Matcher m = COMMENT.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static String withoutComment(String text) {
    return COMMENT.matcher(text).replaceAll("").strip();
  }

  /** kube-proxy's element comment {@code default/empty:http} as words: {@code service default/empty (port http)}. */
  private static String serviceWords(String comment) {
    int colon = comment.indexOf(':');
    return colon < 0 ? "service " + comment
        : "service " + comment.substring(0, colon) + (colon == comment.length() - 1 ? "" : " (port " + comment.substring(colon + 1) + ")");
  }
}
