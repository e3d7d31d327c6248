package dev.netkube.proxy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Sha256Base32Test {
  @Test
  void base32IsRfc4648() {
    assertThat(Sha256Base32.base32("foobar".getBytes())).isEqualTo("MZXW6YTBOI");
  }

  @Test
  void aPrefixOfTheHash() {
    assertThat(Sha256Base32.of("x", 16)).hasSize(16).isEqualTo(Sha256Base32.of("x", 20).substring(0, 16));
  }
}
