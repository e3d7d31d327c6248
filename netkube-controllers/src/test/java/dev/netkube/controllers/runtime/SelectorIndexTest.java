package dev.netkube.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of the selector index: index keys and whole-selector matching. */
class SelectorIndexTest {
  @Test
  void keysNameTheNamespaceAndEachPair() {
    assertThat(SelectorIndex.keys("default", Map.of("app", "web")))
        .containsExactly("default/app=web");
    assertThat(SelectorIndex.keys("ns", Map.of("app.kubernetes.io/name", "x", "tier", "db")))
        .containsExactlyInAnyOrder("ns/app.kubernetes.io/name=x", "ns/tier=db");
    assertThat(SelectorIndex.keys("ns", Map.of())).isEmpty();
    assertThat(SelectorIndex.keys("ns", null)).isEmpty();
  }

  @Test
  void aSelectorMatchesWhenEveryPairIsAmongTheLabels() {
    Map<String, String> labels = Map.of("app", "web", "tier", "front", "pod-template-hash", "abc");
    assertThat(SelectorIndex.matches(Map.of("app", "web"), labels)).isTrue();
    assertThat(SelectorIndex.matches(Map.of("app", "web", "tier", "front"), labels)).isTrue();
    assertThat(SelectorIndex.matches(Map.of("app", "web", "tier", "back"), labels)).isFalse();
    assertThat(SelectorIndex.matches(Map.of("app", "db"), labels)).isFalse();
    // An empty or missing selector selects nothing here (callers treat "all" apart).
    assertThat(SelectorIndex.matches(Map.of(), labels)).isFalse();
    assertThat(SelectorIndex.matches(null, labels)).isFalse();
    assertThat(SelectorIndex.matches(Map.of("app", "web"), null)).isFalse();
  }
}
