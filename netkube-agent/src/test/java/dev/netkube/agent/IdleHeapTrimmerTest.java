package dev.netkube.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdleHeapTrimmerTest {
  private static final long MB = 1L << 20;

  @Test
  void trimsOnceAfterTwoQuietChecksWhenMuchOfTheHeapIsFree() {
    assertThat(IdleHeapTrimmer.shouldTrim(2, false, 64 * MB, 20 * MB)).isTrue();
    assertThat(IdleHeapTrimmer.shouldTrim(1, false, 64 * MB, 20 * MB)).as("not quiet long enough").isFalse();
    assertThat(IdleHeapTrimmer.shouldTrim(5, true, 64 * MB, 20 * MB)).as("already trimmed since the last work").isFalse();
    assertThat(IdleHeapTrimmer.shouldTrim(5, false, 26 * MB, 20 * MB)).as("little to give back").isFalse();
  }
}
