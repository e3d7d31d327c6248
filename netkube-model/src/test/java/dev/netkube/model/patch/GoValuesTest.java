package dev.netkube.model.patch;

import static dev.netkube.model.patch.TestSchemas.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoValuesTest {
  @Test
  void printsLikeGoPercentV() {
    assertThat(GoValues.format(json("{'b':[1,'x',true,null],'a':{'n':1000000,'f':0.5,'g':123456,'s':1e21}}")))
        .isEqualTo("map[a:map[f:0.5 g:123456 n:1e+06 s:1e+21] b:[1 x true <nil>]]");
  }
}
