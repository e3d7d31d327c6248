package dev.netkube.dns.corefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CorefileParserTest {
  private static final Set<String> DIRECTIVES = Set.of("errors", "health", "ready", "kubernetes", "prometheus",
      "forward", "cache", "loop", "reload", "loadbalance", "log", "hosts");

  static final String KUBEADM = KubeadmCorefile.DEFAULT;

  private static List<ServerBlock> parse(String text) throws CorefileException {
    return CorefileParser.parse("Corefile", text, DIRECTIVES, Map.of("HOME_ZONE", "example.org")::get, ImportSource.NONE);
  }

  private static List<String> texts(Directive d) { return d.tokens().stream().map(Token::text).collect(Collectors.toList()); }

  @Test
  void kubeadmsCorefileGroupsTokensByDirectiveInFileOrder() throws Exception {
    List<ServerBlock> blocks = parse(KUBEADM);
    assertThat(blocks).hasSize(1);
    ServerBlock b = blocks.get(0);
    assertThat(b.keys()).containsExactly(".:53");
    assertThat(b.directives()).extracting(Directive::name).containsExactly("errors", "health", "ready", "kubernetes",
        "prometheus", "forward", "cache", "loop", "reload", "loadbalance");
    Directive kubernetes = b.directives().get(3);
    assertThat(texts(kubernetes)).containsExactly("kubernetes", "cluster.local", "in-addr.arpa", "ip6.arpa", "{",
        "pods", "insecure", "fallthrough", "in-addr.arpa", "ip6.arpa", "ttl", "30", "}");
    assertThat(kubernetes.line()).isEqualTo(7);
    assertThat(kubernetes.tokens().get(5).line()).isEqualTo(8);
  }

  @Test
  void severalKeysCommasAndBlocksWithoutBraces() throws Exception {
    assertThat(parse("a.org b.org:1053 {\n log\n}\nc.org,\n d.org {\n errors\n}\n"))
        .extracting(ServerBlock::keys).containsExactly(List.of("a.org", "b.org:1053"), List.of("c.org", "d.org"));
    // a single server block needs no braces
    List<ServerBlock> bare = parse(".:1053\nerrors\nlog\n");
    assertThat(bare.get(0).directives()).extracting(Directive::name).containsExactly("errors", "log");
  }

  @Test
  void commentsQuotesAndEscapes() throws Exception {
    ServerBlock b = parse("""
        . { # the root
          # a whole line
          hosts "/etc/my hosts" { # a comment after a brace
            10.0.0.1 "quoted \\"word\\"" a#b
          }
        }
        """).get(0);
    assertThat(texts(b.directives().get(0))).containsExactly("hosts", "/etc/my hosts", "{", "10.0.0.1", "quoted \"word\"", "a#b", "}");
  }

  @Test
  void environmentVariablesInBothSyntaxes() throws Exception {
    ServerBlock b = parse("{$HOME_ZONE}:53 {\n forward . {%HOME_ZONE%} {$MISSING}x\n}\n").get(0);
    assertThat(b.keys()).containsExactly("example.org:53");
    assertThat(texts(b.directives().get(0))).containsExactly("forward", ".", "example.org", "x");
  }

  @Test
  void snippetsAreImportedWhereTheImportStands() throws Exception {
    List<ServerBlock> blocks = parse("""
        (common) {
          errors
          cache 30
        }
        a.org {
          import common
          log
        }
        b.org {
          log
          import common
        }
        """);
    assertThat(blocks).extracting(ServerBlock::keys).containsExactly(List.of("a.org"), List.of("b.org"));
    assertThat(blocks.get(0).directives()).extracting(Directive::name).containsExactly("errors", "cache", "log");
    assertThat(blocks.get(1).directives()).extracting(Directive::name).containsExactly("log", "errors", "cache");
  }

  @Test
  void filesAreImportedWithTheirOwnNameInErrors() throws Exception {
    ImportSource files = (from, pattern) -> pattern.equals("extra.conf")
        ? List.of(new ImportSource.ImportedFile("/etc/coredns/extra.conf", "log\nfoo\n")) : List.of();
    assertThatThrownBy(() -> CorefileParser.parse("Corefile", ". {\n import extra.conf\n}\n", DIRECTIVES, k -> null, files))
        .hasMessage("/etc/coredns/extra.conf:2 - Error during parsing: Unknown directive 'foo'");
    assertThatThrownBy(() -> CorefileParser.parse("Corefile", ". {\n import missing.conf\n}\n", DIRECTIVES, k -> null, files))
        .hasMessage("Corefile:2 - Error during parsing: File to import not found: missing.conf");
    // a glob that matches nothing is only a warning upstream: nothing is imported
    assertThat(CorefileParser.parse("Corefile", ". {\n import conf.d/*.conf\n log\n}\n", DIRECTIVES, k -> null, files)
        .get(0).directives()).extracting(Directive::name).containsExactly("log");
  }

  @Test
  void errorsInCaddysWordsWithTheLine() {
    assertThatThrownBy(() -> parse(".:53 {\n errors\n foo bar\n}\n"))
        .isInstanceOf(CorefileException.class).hasMessage("Corefile:3 - Error during parsing: Unknown directive 'foo'");
    assertThatThrownBy(() -> parse(".:53 {\n forward . 1.1.1.1 }\n"))
        .hasMessage("Corefile:2 - Error during parsing: Unexpected '}' because no matching opening brace");
    assertThatThrownBy(() -> parse(".:53 {\n health {\n lameduck 5s\n"))
        .hasMessage("Corefile:3 - Error during parsing: Unexpected EOF");
    assertThatThrownBy(() -> parse(".:53 {\n errors\n"))
        .hasMessage("Corefile:2 - Error during parsing: Syntax error: Unexpected token 'errors', expecting '}'");
    assertThatThrownBy(() -> parse("a.org, {\n log\n}\n"))
        .hasMessage("Corefile:1 - Error during parsing: Expected another address but had '{' - check for extra comma");
    assertThatThrownBy(() -> parse(". {\n import\n}\n"))
        .hasMessage("Corefile:2 - Error during parsing: Wrong argument count or unexpected line ending after 'import'");
    assertThatThrownBy(() -> parse(". {\n import a b\n}\n"))
        .hasMessage("Corefile:2 - Error during parsing: Import takes only one argument (glob pattern or file)");
    assertThatThrownBy(() -> parse("(s) {\n log\n}\n(s) {\n errors\n}\n"))
        .hasMessage("Corefile:4 - Error during parsing: redeclaration of previously declared snippet s");
    assertThatThrownBy(() -> parse("(s) {\n import s\n}\n"))
        .hasMessage("Corefile:3 - Error during parsing: maximum snippet import depth (1000) exceeded");
  }

  @Test
  void keysNormaliseToZonesAndPorts() throws Exception {
    assertThat(ZoneAddress.parse(".:53", 53)).containsExactly(new ZoneAddress("dns", ".", 53));
    assertThat(ZoneAddress.parse("dns://Cluster.Local", 1053)).containsExactly(new ZoneAddress("dns", "cluster.local.", 1053));
    assertThat(ZoneAddress.parse("cluster.local:5300", 53).get(0).toString()).isEqualTo("dns://cluster.local.:5300");
    assertThat(ZoneAddress.parse("10.0.0.0/23", 53)).extracting(ZoneAddress::zone)
        .containsExactly("0.0.10.in-addr.arpa.", "1.0.10.in-addr.arpa.");
    assertThat(ZoneAddress.parse("10.0.0.0/8", 53)).extracting(ZoneAddress::zone).containsExactly("10.in-addr.arpa.");
    assertThat(ZoneAddress.parse("fd00::/12", 53)).extracting(ZoneAddress::zone).containsExactly("0.d.f.ip6.arpa.");
    assertThatThrownBy(() -> ZoneAddress.parse("example.org:", 53)).hasMessage("expecting data after last colon: \"example.org:\"");
    assertThatThrownBy(() -> ZoneAddress.parse("tls://.:853", 53)).hasMessageContaining("not served by netkube");
    assertThatThrownBy(() -> ZoneAddress.parse("a..b", 53)).hasMessage("zone is not a valid domain name: a..b");
  }
}
