package dev.netkube.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NameCheckTest {
  static final String OWNER = "netkube /root/.netkube";
  final LayoutPlan plan = LayoutPlanner.plan(LayoutSpec.defaults(1));

  @Test
  void freeNamesAndOurOwnLayoutPass() {
    assertThat(NameCheck.check(plan, Set.of("other-ns"), Optional.empty(), false, OWNER)).isEmpty();
    assertThat(NameCheck.check(plan, Set.of("nk-lan", "nk-node-1"), Optional.of(OWNER), false, OWNER)).isEmpty();
    // a crash between making the namespaces and setting the alias: the layout file claims them
    assertThat(NameCheck.check(plan, Set.of("nk-lan"), Optional.empty(), true, OWNER)).isEmpty();
    assertThat(NameCheck.check(plan, Set.of("nk-lan"), Optional.of(""), true, OWNER)).isEmpty();
  }

  @Test
  void anotherNetkubesLayoutIsNotTakenOver() {
    Optional<NameCheck.NameConflict> conflict = NameCheck.check(plan, Set.of("nk-lan"), Optional.of("netkube /home/me/.netkube"),
        true, OWNER);
    assertThat(conflict).map(NameCheck.NameConflict::message).contains(
        "the names of prefix \"nk\" (link nk-lan, namespace nk-lan, ...) belong to the netkube of NETKUBE_HOME=/home/me/.netkube");
    assertThat(conflict.get().hint()).startsWith("stop that one first (NETKUBE_HOME=/home/me/.netkube ./netkube down)");
  }

  @Test
  void namesNobodyClaimsAreLeftAlone() {
    assertThat(NameCheck.check(plan, Set.of("nk-node-1"), Optional.empty(), false, OWNER)).map(NameCheck.NameConflict::message)
        .contains("network namespace nk-node-1 already exists and no netkube claims it");
    assertThat(NameCheck.check(plan, Set.of(), Optional.of(""), false, OWNER)).map(NameCheck.NameConflict::message)
        .contains("the host already has a link named nk-lan that netkube did not make");
  }
}
