package dev.netkube.proxy.rules.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.proxy.scenario.Scenario;
import dev.netkube.proxy.scenario.Scenarios;
import dev.netkube.proxy.scenario.TraceAssert;
import dev.netkube.proxy.scenario.TraceCase;
import dev.netkube.proxy.trace.IptablesRuleset;
import dev.netkube.proxy.trace.IptablesTracer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario the nftables layout is held to, in the iptables layout: the same packets, the same endpoints and
 * masquerading, traced over the generated restore (with the built-in jumps the proxier adds). Where upstream's two
 * modes really differ, the case says so here.
 */
class IptablesScenariosTest {
  /** Upstream's iptables mode differs from its nftables mode on these cases (what iptables does instead). */
  static final Map<String, TraceCase> IPTABLES_DIFFERS = Map.of(
      // nftables drops traffic to unallocated service IPs (1.29+); iptables has no such rule
      "unallocated service IP", TraceCase.tcp("", "", "", 0, "", false),
      // iptables' localhost node ports (localhostNodePorts, default true); nftables mode never had them
      "no node ports on localhost", TraceCase.tcp("", "", "", 0, Scenarios.BOTH, true),
      // nftables rejects a cluster IP's unknown ports (1.29+); iptables lets them through to nowhere
      "undefined port of a cluster IP", TraceCase.tcp("", "", "", 0, "", false),
      "TCP on the UDP port's number: rejected", TraceCase.tcp("", "", "", 0, "", false),
      "nothing to do", TraceCase.tcp("", "", "", 0, "", false),
      // iptables filters "no local endpoints" in INPUT and FORWARD only: the node's own traffic takes the Cluster
      // chain in nat OUTPUT, masqueraded, as upstream's iptables tests expect
      "node to LB IP: dropped before DNAT (upstream 1.32)", TraceCase.tcp("", "", "", 0, Scenarios.EP2 + ":8080", true));

  static List<Scenario> scenarios() { return Scenarios.all(); }

  /** The generated rules as the kernel would hold them after a full sync. */
  static IptablesRuleset ruleset(Scenario s) {
    IptablesRuleset r = IptablesRuleset.parse(IptablesGenerator.generate(s.node(), s.ports(), s.endpoints()).fullRestore());
    // the proxier inserts each jump first, in order: the last one ends up first
    for (IptablesJumps.Jump j : IptablesJumps.ALL) r = r.withRuleFirst(j.table(), j.from(), j.args());
    return r;
  }

  static List<TraceCase> iptablesCases(Scenario s) {
    return s.cases().stream().map(c -> {
      TraceCase d = IPTABLES_DIFFERS.get(c.name());
      return d == null ? c : new TraceCase(c.name(), c.sourceIp(), c.protocol(), c.destIp(), c.destPort(), d.output(), d.masq());
    }).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void packetsDoWhatTheyDoInTheNftablesLayout(Scenario s) {
    Set<String> local = new HashSet<>(s.node().nodeIps());
    TraceAssert.assertCases(new IptablesTracer(ruleset(s), local), iptablesCases(s));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyJumpLeadsToAChainTheRestoreDeclares(Scenario s) {
    String restore = IptablesGenerator.generate(s.node(), s.ports(), s.endpoints()).fullRestore();
    Set<String> declared = new HashSet<>();
    for (String line : restore.split("\n")) if (line.startsWith(":")) declared.add(line.substring(1).split(" ")[0]);
    for (String line : restore.split("\n")) {
      List<String> w = List.of(line.split(" "));
      int j = w.indexOf("-j");
      if (j > 0 && w.get(j + 1).startsWith("KUBE-")) assertThat(declared).as(line).contains(w.get(j + 1));
    }
  }
}
