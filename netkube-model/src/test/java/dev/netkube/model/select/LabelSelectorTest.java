package dev.netkube.model.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netkube.model.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
  private static final Map<String, String> NGINX = Map.of("app", "nginx-for-svc", "tier", "web", "gen", "3");

  @Test
  void parsesEveryOperatorAndPrintsCanonically() {
    LabelSelector s = LabelSelector.parse("tier in (web, api),app=nginx-for-svc,!legacy,gen>2, env notin (prod),gen<5");
    assertThat(s.toString()).isEqualTo("app=nginx-for-svc,env notin (prod),gen>2,gen<5,!legacy,tier in (api,web)");
    assertThat(s.matches(NGINX)).isTrue();
    assertThat(s.matches(Map.of("app", "nginx-for-svc", "tier", "web", "gen", "7"))).isFalse();
  }

  @Test
  void equalityForms() {
    assertThat(LabelSelector.parse("app==nginx-for-svc").toString()).isEqualTo("app==nginx-for-svc");
    assertThat(LabelSelector.parse("app!=other").matches(NGINX)).isTrue();
    assertThat(LabelSelector.parse("missing!=x").matches(NGINX)).isTrue();
    assertThat(LabelSelector.parse("app").matches(NGINX)).isTrue();
    assertThat(LabelSelector.parse("!app").matches(NGINX)).isFalse();
    assertThat(LabelSelector.parse("app=").matches(Map.of("app", ""))).isTrue();
    assertThat(LabelSelector.parse("x in (in,notin)").toString()).isEqualTo("x in (in,notin)");
    assertThat(LabelSelector.parse("").isEmpty()).isTrue();
    assertThat(LabelSelector.parse("  ").matches(Map.of())).isTrue();
  }

  @Test
  void fromSetIsAServiceSelector() {
    LabelSelector s = LabelSelector.fromSet(Map.of("tier", "web", "app", "nginx-for-svc"));
    assertThat(s.toString()).isEqualTo("app=nginx-for-svc,tier=web");
    assertThat(s.matches(NGINX)).isTrue();
    assertThat(s.matches(Map.of("app", "nginx-for-svc"))).isFalse();
    assertThat(LabelSelector.fromSet(Map.of()).matches(Map.of())).isTrue();
  }

  @Test
  void gtNeedsAnIntegerLabel() {
    assertThat(LabelSelector.parse("gen>2").matches(Map.of("gen", "abc"))).isFalse();
    assertThat(LabelSelector.parse("gen>2").matches(Map.of())).isFalse();
  }

  @Test
  void syntaxErrorsUseUpstreamWording() {
    assertThatThrownBy(() -> LabelSelector.parse("a b"))
        .isInstanceOf(SelectorException.class)
        .hasMessage("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
    assertThatThrownBy(() -> LabelSelector.parse("a=b,"))
        .hasMessage("found '', expected: identifier after ','");
    assertThatThrownBy(() -> LabelSelector.parse("=b"))
        .hasMessage("found '=', expected: !, identifier, or 'end of string'");
    assertThatThrownBy(() -> LabelSelector.parse("a in b"))
        .hasMessage("unable to parse requirement: found 'b' expected: '('");
    assertThatThrownBy(() -> LabelSelector.parse("a=b c"))
        .hasMessage("found 'c', expected: ',' or 'end of string'");
  }

  @Test
  void validationErrorsUseUpstreamFieldErrors() {
    assertThatThrownBy(() -> LabelSelector.parse("a$b=c"))
        .hasMessage("unable to parse requirement: <nil>: Invalid value: \"a$b\": name part must consist of "
            + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
            + "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"); // upstream's RegexError doubles the space
    assertThatThrownBy(() -> LabelSelector.parse("app=-bad"))
        .hasMessage("unable to parse requirement: values[0][app]: Invalid value: \"-bad\": a valid label must be an "
            + "empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
            + "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
            + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
    assertThatThrownBy(() -> LabelSelector.parse("gen>x"))
        .hasMessage("unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, "
            + "the value must be an integer");
  }

  @Test
  void fromJsonFollowsLabelSelectorAsSelector() throws Exception {
    LabelSelector s = LabelSelector.fromJson(Json.parse(
        "{\"matchLabels\":{\"app\":\"nginx-for-svc\"},\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"In\","
            + "\"values\":[\"web\",\"api\"]},{\"key\":\"legacy\",\"operator\":\"DoesNotExist\"}]}"));
    assertThat(s.toString()).isEqualTo("app=nginx-for-svc,!legacy,tier in (api,web)");
    assertThat(s.matches(NGINX)).isTrue();
    assertThat(LabelSelector.fromJson(Json.parse("{}")).matches(Map.of())).isTrue();
    assertThat(LabelSelector.fromJson(null).matches(Map.of())).isFalse();
    assertThat(LabelSelector.fromJson(Json.parse("null")).matches(NGINX)).isFalse();
    assertThatThrownBy(() -> LabelSelector.fromJson(Json.parse(
        "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Bogus\"}]}")))
        .hasMessage("\"Bogus\" is not a valid label selector operator");
    assertThatThrownBy(() -> LabelSelector.fromJson(Json.parse(
        "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\",\"values\":[]}]}")))
        .hasMessage("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
  }
}
