package dev.netkube.model.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {
  @ParameterizedTest
  @CsvSource({
      "-2, <invalid>", "-1, 0s", "0, 0s", "45, 45s", "119, 119s", "120, 2m", "303, 5m3s", "540, 9m",
      "600, 10m", "10799, 179m", "10800, 3h", "12000, 3h20m", "28799, 7h59m", "28800, 8h", "172799, 47h",
      "172800, 2d", "183600, 2d3h", "691200, 8d", "3888000, 45d", "63072000, 2y", "63936000, 2y10d",
      "252288000, 8y", "315360000, 10y"})
  void formatsLikeApimachinery(long seconds, String expected) {
    assertThat(HumanDuration.format(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"-5, <invalid>", "59, 59s", "61, 1m", "3700, 1h", "90000, 1d", "31536000, 1y"})
  void shortFormatKeepsOneUnit(long seconds, String expected) {
    assertThat(HumanDuration.formatShort(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void subSecondSkewTruncatesTowardZero() {
    assertThat(HumanDuration.format(Duration.ofMillis(-1500))).isEqualTo("0s");
    assertThat(HumanDuration.format(Duration.ofMillis(1999))).isEqualTo("1s");
  }
}
