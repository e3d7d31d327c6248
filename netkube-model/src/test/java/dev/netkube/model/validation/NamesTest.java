package dev.netkube.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void dns1123Subdomain() {
    assertThat(Names.dns1123Subdomain("example.com")).isEmpty();
    assertThat(Names.dns1123Subdomain("Example.com")).containsExactly("a lowercase RFC 1123 subdomain must consist of lower "
        + "case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
        + "'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    assertThat(Names.dns1123Subdomain("a".repeat(254))).containsExactly("must be no more than 253 characters");
  }

  @Test
  void dns1123LabelSaysDotsWhenOnlyDotsAreWrong() {
    assertThat(Names.dns1123Label("my-name")).isEmpty();
    assertThat(Names.dns1123Label("a.b")).containsExactly("must not contain dots");
    assertThat(Names.dns1123Label("a".repeat(64))).containsExactly("must be no more than 63 characters");
  }

  @Test
  void dns1035LabelMustStartWithALetter() {
    assertThat(Names.dns1035Label("web-1")).isEmpty();
    assertThat(Names.dns1035Label("1web")).singleElement().asString().startsWith("a DNS-1035 label must consist of");
  }

  @Test
  void qualifiedNames() {
    assertThat(Names.qualifiedName("app.kubernetes.io/name")).isEmpty();
    assertThat(Names.qualifiedName("a/b/c")).containsExactly("a qualified name must consist of alphanumeric characters, "
        + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
        + "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS "
        + "subdomain prefix and '/' (e.g. 'example.com/MyName')");
    assertThat(Names.qualifiedName("/x")).containsExactly("prefix part must be non-empty");
    assertThat(Names.qualifiedName("example.com/")).containsExactly("name part must be non-empty",
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
            + "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  }

  @Test
  void ianaPortNames() {
    assertThat(Names.portName("http-alt")).isEmpty();
    assertThat(Names.portName("-a-")).containsExactly("must not begin or end with a hyphen");
    assertThat(Names.portName("a-very-long-port-name")).containsExactly("must be no more than 15 characters");
    assertThat(Names.portNumber(65536)).containsExactly("must be between 1 and 65535, inclusive");
  }

  @Test
  void configKeysAndPathSegments() {
    assertThat(Names.configMapKey("app.properties")).isEmpty();
    assertThat(Names.configMapKey("..data")).containsExactly("must not start with '..'");
    assertThat(Names.configMapKey("a b")).containsExactly("a valid config key must consist of alphanumeric characters, "
        + "'-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
    assertThat(Names.pathSegmentName("system:controller:x")).isEmpty();
    assertThat(Names.pathSegmentName("a/b")).containsExactly("may not contain '/'");
    assertThat(Names.pathSegmentName("..")).containsExactly("may not be '..'");
  }
}
