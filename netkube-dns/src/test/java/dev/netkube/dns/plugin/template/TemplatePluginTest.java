package dev.netkube.dns.plugin.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.plugin.SetupErrors;
import dev.netkube.dns.plugin.kubernetes.ClusterSource;
import dev.netkube.dns.testing.Clusters;
import dev.netkube.dns.testing.InJvmServer;
import dev.netkube.dns.testing.TestUpstream;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The template plugin through a real in-JVM chain, with the examples of CoreDNS's template docs. */
class TemplatePluginTest {
  private TestUpstream upstream;
  private InJvmServer server;

  @BeforeEach void upstream() throws Exception { upstream = new TestUpstream(); }

  @AfterEach
  void close() throws Exception {
    if (server != null) server.close();
    upstream.close();
  }

  private InJvmServer start(String templates) throws Exception {
    server = new InJvmServer(".:53 {\n errors\n " + templates + "\n forward . 127.0.0.1:" + upstream.port() + "\n}\n",
        ClusterSource.of(Clusters.seed()));
    return server;
  }

  private static List<String> section(Message m, int section) {
    return m.getSection(section).stream()
        .map(r -> r.getName() + " " + r.getTTL() + " " + DClass.string(r.getDClass()) + " " + Type.string(r.getType()) + " " + r.rdataToString())
        .toList();
  }

  private static final String IP_TEMPLATES = """
      template IN A example {
            match (^|[.])ip-(?P<a>[0-9]*)-(?P<b>[0-9]*)-(?P<c>[0-9]*)-(?P<d>[0-9]*)[.]example[.]$
            answer "{{ .Name }} 60 IN A {{ .Group.a }}.{{ .Group.b }}.{{ .Group.c }}.{{ .Group.d }}"
            fallthrough
          }
          template IN PTR in-addr.arpa {
            match ^(?P<d>[0-9]*)[.](?P<c>[0-9]*)[.](?P<b>[0-9]*)[.](?P<a>[0-9]*)[.]in-addr[.]arpa[.]$
            answer "{{ .Name }} 60 IN PTR ip-{{ .Group.a }}-{{ .Group.b }}-{{ .Group.c }}-{{ .Group.d }}.example."
          }
      """;

  @Test
  void theDocsAAndPtrPairWithNamedGroups() throws Exception {
    start(IP_TEMPLATES);
    Message a = server.ask("ip-10-1-2-3.example", Type.A);
    assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(section(a, Section.ANSWER)).containsExactly("ip-10-1-2-3.example. 60 IN A 10.1.2.3");
    // the docs' note: the A record is a wildcard, any name below matches too
    assertThat(section(server.ask("www.ip-10-1-2-3.example", Type.A), Section.ANSWER)).containsExactly("www.ip-10-1-2-3.example. 60 IN A 10.1.2.3");
    assertThat(section(server.ask("3.2.1.10.in-addr.arpa", Type.PTR), Section.ANSWER))
        .containsExactly("3.2.1.10.in-addr.arpa. 60 IN PTR ip-10-1-2-3.example.");
    // in the zone, type not the template's: the next plugin (forward: NXDOMAIN), not SERVFAIL
    assertThat(server.ask("ip-10-1-2-3.example", Type.MX).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    // regex miss: fallthrough on the A template → forward; none on the PTR one → SERVFAIL
    assertThat(server.ask("other.example", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(server.ask("not-a-reverse.in-addr.arpa", Type.PTR).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(upstream.udpQueries.get()).isEqualTo(2);
  }

  @Test
  void nxdomainWithAnAuthoritySoaForInvalid() throws Exception {
    start("""
        template ANY ANY invalid {
              rcode NXDOMAIN
              authority "invalid. 60 {{ .Class }} SOA ns.invalid. hostmaster.invalid. (1 60 60 60 60)"
            }""");
    Message m = server.ask("anything.invalid", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(m.getSection(Section.ANSWER)).isEmpty();
    assertThat(section(m, Section.AUTHORITY)).containsExactly("invalid. 60 IN SOA ns.invalid. hostmaster.invalid. 1 60 60 60 60");
    Message chaos = server.ask(Message.newQuery(Record.newRecord(Name.fromString("x.invalid."), Type.TXT, DClass.CH)), "udp",
        new InetSocketAddress("10.244.0.9", 40000));
    assertThat(chaos.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(section(chaos, Section.AUTHORITY)).containsExactly("invalid. 60 CH SOA ns.invalid. hostmaster.invalid. 1 60 60 60 60");
    assertThat(server.ask("example.org", Type.A).getRcode()).isEqualTo(Rcode.NOERROR); // outside: forward
  }

  @Test
  void theDataFieldsIndexParseIntAndSections() throws Exception {
    start("""
        template IN ANY example {
              match "^ip0a(?P<b>[a-f0-9]{2})(?P<c>[a-f0-9]{2})(?P<d>[a-f0-9]{2})[.]example[.]$"
              answer "{{ .Name }} 60 IN A 10.{{ parseInt .Group.b 16 8 }}.{{ parseInt .Group.c 16 8 }}.{{ parseInt .Group.d 16 8 }}"
              answer "{{ .Name }} 60 IN TXT \\"{{ .Zone }} {{ .Class }} {{ .Type }} {{ index .Match 1 }} {{ .Group.3 }} {{ .Remote }} {{ .Meta \\"x\\" }}\\""
              authority "example. 60 IN NS ns0.example."
              additional "ns0.example. 60 IN A 203.0.113.8"
            }""");
    Message m = server.ask("ip0a7b7c7d.example", Type.A);
    assertThat(section(m, Section.ANSWER)).containsExactly("ip0a7b7c7d.example. 60 IN A 10.123.124.125",
        "ip0a7b7c7d.example. 60 IN TXT \"example. IN A 7b 7d 10.244.0.9 \"");
    assertThat(section(m, Section.AUTHORITY)).containsExactly("example. 60 IN NS ns0.example.");
    assertThat(section(m, Section.ADDITIONAL)).containsExactly("ns0.example. 60 IN A 203.0.113.8");
  }

  @Test
  void aFabricatedCnameHasItsTargetResolvedThroughTheServer() throws Exception {
    start("""
        template IN ANY foogle.com {
              match "^foogle\\.com\\.$"
              answer "foogle.com 60 IN CNAME example.org"
            }""");
    Message m = server.ask("foogle.com", Type.A);
    assertThat(section(m, Section.ANSWER)).containsExactly("foogle.com. 60 IN CNAME example.org.", "example.org. 300 IN A 192.0.2.1");
    assertThat(section(server.ask("foogle.com", Type.TXT), Section.ANSWER)).containsExactly("foogle.com. 60 IN CNAME example.org.");
  }

  @Test
  void templatesAreTriedInOrderAndServfailStopsTheQuery() throws Exception {
    start("""
        template IN A example.net {
              match ^first[.]
              answer "{{ .Name }} 60 IN A 192.0.2.10"
              fallthrough
            }
            template IN A example.net {
              match ^second[.]
              answer "{{ .Name }} 60 IN A 192.0.2.20"
            }
            template IN A broken.example.org {
              rcode SERVFAIL
            }
            template IN A bad.example.org {
              answer "{{ .Name }} 60 IN A {{ index .Match 4 }}"
            }""");
    assertThat(section(server.ask("first.example.net", Type.A), Section.ANSWER)).containsExactly("first.example.net. 60 IN A 192.0.2.10");
    assertThat(section(server.ask("second.example.net", Type.A), Section.ANSWER)).containsExactly("second.example.net. 60 IN A 192.0.2.20");
    assertThat(server.ask("third.example.net", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL); // the second has no fallthrough
    assertThat(server.ask("broken.example.org", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(server.ask("bad.example.org", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(server.log).anyMatch(l -> l.startsWith("[ERROR] plugin/errors: 2 bad.example.org. A: error calling index: index out of range: 4"));
    assertThat(upstream.udpQueries.get()).isZero();
  }

  @Test
  void loadsWithoutTheNotYetServedWarning() throws Exception {
    assertThat(SetupErrors.load("template IN A example.org {\n answer \"{{ .Name }} 60 IN A 127.0.0.1\"\n }").warnings()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      template                                          | plugin/template: Corefile:2 - Error during parsing: Wrong argument count or unexpected line ending after 'template'
      template X                                        | plugin/template: Corefile:2 - Error during parsing: invalid query class X
      template ANY                                      | plugin/template: Corefile:2 - Error during parsing: Wrong argument count or unexpected line ending after 'ANY'
      template ANY X                                    | plugin/template: Corefile:2 - Error during parsing: invalid RR class X
      template IN A {\\n match\\n }                      | plugin/template: Corefile:3 - Error during parsing: Wrong argument count or unexpected line ending after 'match'
      template IN A {\\n match ([a\\n }                  | plugin/template: Corefile:3 - Error during parsing: could not parse regex: ([a, Unclosed character class
      template IN A {\\n rcode NOPE\\n }                 | plugin/template: Corefile:3 - Error during parsing: unknown rcode NOPE
      template IN A {\\n bogus\\n }                      | plugin/template: Corefile:3 - Error during parsing: Wrong argument count or unexpected line ending after 'bogus'
      template IN A {\\n answer\\n }                     | plugin/template: Corefile:3 - Error during parsing: Wrong argument count or unexpected line ending after 'answer'
      template IN A {\\n ederror 21\\n }                 | plugin/template: Corefile:3 - Error during parsing: ederror is not supported by netkube: its server sends no EDNS0 options of plugins
      template IN A {\\n answer "{{ .Name }"\\n }        | plugin/template: Corefile:3 - Error during parsing: could not compile template: {{ .Name }, unclosed action
      template IN A {\\n answer "{{ .Nmae }} 60 IN A 1.2.3.4"\\n } | plugin/template: Corefile:3 - Error during parsing: could not compile template: {{ .Nmae }} 60 IN A 1.2.3.4, can't evaluate field .Nmae: netkube's templates know .Zone .Name .Regex .Class .Type .Remote .Match .Group[.KEY] .Message[.Id] .Question[.Name]
      template IN A {\\n answer "{{ if .Name }}x{{ end }}"\\n } | plugin/template: Corefile:3 - Error during parsing: could not compile template: {{ if .Name }}x{{ end }}, "if .Name" is not supported by netkube's templates (they take fields such as {{ .Name }}, index, parseInt and .Meta, not pipelines, variables, if/range/with or other functions)
      template IN A {\\n answer "{{ printf .Name }}"\\n } | plugin/template: Corefile:3 - Error during parsing: could not compile template: {{ printf .Name }}, "printf .Name" is not supported by netkube's templates (they take fields such as {{ .Name }}, index, parseInt and .Meta, not pipelines, variables, if/range/with or other functions)
      """)
  void badInputIsRefusedAtLoad(String block, String message) {
    assertThatThrownBy(() -> SetupErrors.load(block)).isInstanceOf(CorefileException.class).hasMessage(message);
  }
}
