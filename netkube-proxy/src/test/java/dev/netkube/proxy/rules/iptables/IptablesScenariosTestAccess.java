package dev.netkube.proxy.rules.iptables;

import dev.netkube.proxy.scenario.Scenario;
import dev.netkube.proxy.scenario.TraceCase;
import java.util.List;

/** The scenarios' cases as the iptables layout must meet them, for the live tests in another package. */
public final class IptablesScenariosTestAccess {
  private IptablesScenariosTestAccess() {}

  public static List<TraceCase> iptablesCases(Scenario s) { return IptablesScenariosTest.iptablesCases(s); }
}
