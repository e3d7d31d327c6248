package dev.netkube.proxy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netkube.proxy.iptables.IptablesCommand;
import dev.netkube.proxy.rules.iptables.IptablesGenerator;
import dev.netkube.proxy.rules.iptables.IptablesJumps;
import dev.netkube.proxy.rules.iptables.IptablesScenariosTestAccess;
import dev.netkube.proxy.scenario.Scenario;
import dev.netkube.proxy.scenario.Scenarios;
import dev.netkube.proxy.scenario.TraceAssert;
import dev.netkube.proxy.trace.IptablesRuleset;
import dev.netkube.proxy.trace.IptablesTracer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The iptables layout in a real kernel: each scenario restored with the real iptables-restore in a throwaway
 * netns, the built-in jumps added as the proxier adds them, read back with iptables-save and traced: the kernel's
 * copy must do what the generated one does. Skipped (reported as skipped) without root and iptables.
 */
class LiveIptablesTest {
  private static Netns ns;

  @BeforeAll
  static void createNamespace() {
    assumeTrue(Netns.available() && Files.isExecutable(Path.of("/usr/sbin/iptables-restore")),
        "live iptables tests need root, ip and iptables (apt-get install iptables)");
    ns = Netns.create("ipt");
  }

  @AfterAll
  static void removeNamespace() {
    if (ns != null) ns.close();
  }

  /** Every scenario with both backends: legacy (what the proxy picks when the kernel has it) and iptables-nft. */
  static List<Arguments> scenarios() {
    List<Arguments> out = new ArrayList<>();
    for (IptablesCommand.Backend b : IptablesCommand.Backend.values()) for (Scenario s : Scenarios.all()) out.add(Arguments.of(b, s));
    return out;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("scenarios")
  void theKernelsCopyDoesWhatTheGeneratedOneDoes(IptablesCommand.Backend backend, Scenario s) {
    assumeTrue(backend == IptablesCommand.Backend.NFT || backend == IptablesCommand.Backend.best(), "no legacy iptables here");
    IptablesCommand iptables = IptablesCommand.inNetns(ns.name, backend);
    String restore = IptablesGenerator.generate(s.node(), s.ports(), s.endpoints()).fullRestore();
    assertThat(iptables.restore(restore)).as("iptables-restore of %s:\n%s", s, restore).isInstanceOf(IptablesCommand.Result.Ok.class);
    for (IptablesJumps.Jump j : IptablesJumps.ALL) {
      assertThat(iptables.ensureRuleFirst(j.table(), j.from(), j.args())).isInstanceOf(IptablesCommand.Result.Ok.class);
    }
    // a second time changes nothing: the jumps are checked before they are inserted
    for (IptablesJumps.Jump j : IptablesJumps.ALL) iptables.ensureRuleFirst(j.table(), j.from(), j.args());
    String saved = save(iptables, "nat") + save(iptables, "filter");
    assertThat(saved.lines().filter(l -> l.contains("-j KUBE-SERVICES") && l.startsWith("-A PREROUTING"))).hasSize(1);
    TraceAssert.assertCases(new IptablesTracer(IptablesRuleset.parse(saved), new HashSet<>(s.node().nodeIps())),
        IptablesScenariosTestAccess.iptablesCases(s));
  }

  private static String save(IptablesCommand iptables, String table) {
    IptablesCommand.Result r = iptables.save(table);
    assertThat(r).isInstanceOf(IptablesCommand.Result.Ok.class);
    return ((IptablesCommand.Result.Ok) r).output();
  }
}
