package dev.netkube.agent.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cases of kubernetes' third_party/forked/golang/expansion/expand_test.go (TestMapReference, TestMapping). */
class ExpansionTest {
  private static final Map<String, String> VARS = Map.of("VAR_A", "A", "VAR_B", "B", "VAR_C", "C", "VAR_REF", "$(VAR_A)",
      "VAR_EMPTY", "", "VAR_EMPTY2", "");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', emptyValue = "", value = {
      "$(VAR_A)|A",
      "___$(VAR_B)___|___B___",
      "$(VAR_A)-$(VAR_A)|A-A",
      "f000-$$VAR_A|f000-$VAR_A",
      "foo\\$(VAR_C)bar|foo\\Cbar",
      "foo\\\\$(VAR_C)bar|foo\\\\Cbar",
      "foo\\\\\\\\$(VAR_A)bar|foo\\\\\\\\Abar",
      "$(VAR_A)$(VAR_B)$(VAR_C)|ABC",
      "foo$(VAR_EMPTY)bar|foobar",
      "foo$(VAR_EMPTY)$(VAR_EMPTY2)bar|foobar",
      "f00__(VAR_A)__|f00__(VAR_A)__",
      "$(VAR_REF)|$(VAR_A)",
      "$$(VAR_B)_$(VAR_A)|$(VAR_B)_A",
      "foo$$$(VAR_A)|foo$A",
      "$$$$$$(BIG_MONEY)|$$$(BIG_MONEY)",
      "$$$$$$$(VAR_A)|$$$A",
      "$(VAR_DNE)|$(VAR_DNE)",
      "$(VAR_A|$(VAR_A",
      "$(VAR_A$(VAR_B)|$(VAR_A$(VAR_B)",
      "$VAR_A|$VAR_A",
      "${VAR_A}|${VAR_A}",
      "$$|$",
      "$|$",
      "$(|$(",
      "$()|$()",
      "f00$|f00$",
      "f00$(|f00$(",
      "$$$|$$",
      "$(VAR_A)$(VAR_B|A$(VAR_B",
  })
  void expandsAsUpstream(String input, String expected) {
    assertThat(Expansion.expand(input, VARS)).isEqualTo(expected);
  }
}
