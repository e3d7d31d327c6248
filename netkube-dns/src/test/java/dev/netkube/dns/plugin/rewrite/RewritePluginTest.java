package dev.netkube.dns.plugin.rewrite;

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
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The rewrite plugin through a real in-JVM chain (kubernetes and forward behind it), as CoreDNS rewrites. */
class RewritePluginTest {
  private TestUpstream upstream;
  private InJvmServer server;

  @BeforeEach void upstream() throws Exception { upstream = new TestUpstream(); }

  @AfterEach
  void close() throws Exception {
    if (server != null) server.close();
    upstream.close();
  }

  private InJvmServer start(String rules) throws Exception {
    server = new InJvmServer(".:53 {\n errors\n " + rules + "\n kubernetes cluster.local in-addr.arpa {\n pods insecure\n }\n"
        + " forward . 127.0.0.1:" + upstream.port() + "\n}\n", ClusterSource.of(Clusters.seed()));
    return server;
  }

  private static List<String> answers(Message m) {
    return m.getSection(Section.ANSWER).stream().map(r -> r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString()).toList();
  }

  @Test
  void anExactNameIsAnsweredForTheNewNameWithTheAnswerNamedAsAsked() throws Exception {
    start("rewrite name web.example.org clusterip-service.default.svc.cluster.local");
    Message m = server.ask("Web.Example.org", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getQuestion().getName().toString()).isEqualTo("Web.Example.org.");
    // exact rules always map the answer back (to the asked name; on the wire it shares the question's spelling)
    assertThat(answers(m)).containsExactly("Web.Example.org. A 10.96.0.20");
    assertThat(answers(server.ask("other.example.org", Type.A))).isEmpty(); // not rewritten: forward's NXDOMAIN
  }

  @Test
  void suffixWithAnswerAutoSwapsTheSuffixBackInNamesAndValues() throws Exception {
    start("rewrite name suffix .corp.example. .default.svc.cluster.local. answer auto");
    assertThat(answers(server.ask("clusterip-service.corp.example", Type.A))).containsExactly("clusterip-service.corp.example. A 10.96.0.20");
    Message srv = server.ask("_http._tcp.clusterip-service.corp.example", Type.SRV);
    assertThat(answers(srv)).containsExactly("_http._tcp.clusterip-service.corp.example. SRV 0 100 80 clusterip-service.corp.example.");
    assertThat(srv.getSection(Section.ADDITIONAL)).extracting(r -> r.getName().toString()).contains("clusterip-service.corp.example.");
  }

  @Test
  void withoutAnAnswerOptionAPrefixRuleLeavesTheAnswerUnderTheNewName() throws Exception {
    start("rewrite name prefix svc-clusterip. clusterip-service.");
    // "svc-clusterip.default.svc.cluster.local." → "clusterip-service.default.svc.cluster.local."; names as CoreDNS
    // normalises them, with their trailing dots
    Message m = server.ask("svc-clusterip.default.svc.cluster.local", Type.A);
    assertThat(answers(m)).containsExactly("clusterip-service.default.svc.cluster.local. A 10.96.0.20");
    assertThat(m.getQuestion().getName().toString()).isEqualTo("svc-clusterip.default.svc.cluster.local.");
    server.close();
    start("rewrite name prefix svc-clusterip. clusterip-service. answer auto");
    assertThat(answers(server.ask("svc-clusterip.default.svc.cluster.local", Type.A))).containsExactly("svc-clusterip.default.svc.cluster.local. A 10.96.0.20");
  }

  @Test
  void substringRulesAnswerUnderTheNewNameUnlessAskedToMapItBack() throws Exception {
    start("rewrite name substring .staging. .default.svc.");
    assertThat(answers(server.ask("clusterip-service.staging.cluster.local", Type.A)))
        .containsExactly("clusterip-service.default.svc.cluster.local. A 10.96.0.20");
    server.close();
    start("rewrite name substring .staging. .default.svc. answer auto");
    assertThat(answers(server.ask("clusterip-service.staging.cluster.local", Type.A)))
        .containsExactly("clusterip-service.staging.cluster.local. A 10.96.0.20");
  }

  @Test
  void regexRuleWithAnswerNameInABlock() throws Exception {
    start("""
        rewrite stop {
            name regex (.*)-(default)\\.example\\.org {1}.{2}.svc.cluster.local
            answer name (.*)\\.(default)\\.svc\\.cluster\\.local {1}-{2}.example.org
        }""");
    Message m = server.ask("clusterip-service-default.example.org", Type.A);
    assertThat(answers(m)).containsExactly("clusterip-service-default.example.org. A 10.96.0.20");
  }

  @Test
  void typeAndClassRules() throws Exception {
    start("rewrite type MX A\n rewrite class CH IN");
    Message mx = server.ask("clusterip-service.default.svc.cluster.local", Type.MX);
    assertThat(mx.getQuestion().getType()).isEqualTo(Type.MX);
    assertThat(answers(mx)).containsExactly("clusterip-service.default.svc.cluster.local. A 10.96.0.20");
    Message chaos = Message.newQuery(Record.newRecord(Name.fromString("clusterip-service.default.svc.cluster.local."), Type.A, DClass.CH));
    Message answered = server.ask(chaos, "udp", new InetSocketAddress("10.244.0.9", 40000));
    assertThat(answered.getQuestion().getDClass()).isEqualTo(DClass.CH);
    assertThat(answers(answered)).containsExactly("clusterip-service.default.svc.cluster.local. A 10.96.0.20");
  }

  @Test
  void stopEndsTheRulesAndContinueGoesOnWithTheRewrittenName() throws Exception {
    start("rewrite name a.example.org b.example.org\n rewrite name b.example.org clusterip-service.default.svc.cluster.local");
    assertThat(server.ask("a.example.org", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN); // stopped at b.example.org: forward's
    assertThat(answers(server.ask("b.example.org", Type.A))).containsExactly("b.example.org. A 10.96.0.20");
    server.close();
    start("rewrite continue name a.example.org b.example.org\n rewrite name b.example.org clusterip-service.default.svc.cluster.local");
    Message m = server.ask("a.example.org", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    // each rule maps back its own step, in rule order: CoreDNS's answer is left at the middle name
    assertThat(answers(m)).containsExactly("b.example.org. A 10.96.0.20");
    assertThat(m.getQuestion().getName().toString()).isEqualTo("a.example.org.");
  }

  @Test
  void ttlAndRcodeRulesChangeTheResponse() throws Exception {
    start("rewrite continue ttl suffix example.org 10-60\n rewrite rcode missing.example.org NXDOMAIN REFUSED\n"
        + " rewrite continue ttl regex ^clusterip-service\\. 100");
    Message m = server.ask("example.org", Type.A);
    assertThat(m.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(60); // 300 from upstream, capped
    assertThat(server.ask("missing.example.org", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(server.ask("other.example.org", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    Message k = server.ask("clusterip-service.default.svc.cluster.local", Type.A);
    assertThat(k.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(100); // 5 raised
  }

  @Test
  void aRewrittenNameThatIsNoDomainNameIsServfail() throws Exception {
    start("rewrite name regex ^(.*)$ {1}{1}{1}{1}{1}{1}{1}{1}");
    Message m = server.ask("a-rather-long-label-of-forty-characters.example.org", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(server.log).anyMatch(l -> l.startsWith("[ERROR] plugin/errors: 2 a-rather-long-label-of-forty-characters.example.org. A: invalid name after rewrite: "));
  }

  @Test
  void loadsWithoutTheNotYetServedWarning() throws Exception {
    assertThat(SetupErrors.load("rewrite name a.example.org b.example.org").warnings()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      rewrite                                        | plugin/rewrite: no rule type specified for rewrite
      rewrite name                                   | plugin/rewrite: too few arguments for a name rule
      rewrite stop                                   | plugin/rewrite: stop rule must begin with a rule type
      rewrite continue                               | plugin/rewrite: continue rule must begin with a rule type
      rewrite bogus a b                              | plugin/rewrite: invalid rule type "bogus"
      rewrite answer name a b                        | plugin/rewrite: response rewrites must begin with a name rule
      rewrite name fuzzy a b                         | plugin/rewrite: name rule supports only exact, prefix, suffix, substring, and regex name matching, received: fuzzy
      rewrite name regex ([a b                       | plugin/rewrite: invalid regex matching pattern: ([a
      rewrite name regex (a) {1}{2}                  | plugin/rewrite: the rewrite regex pattern ({1}{2}) uses more subexpressions than its corresponding matching regex pattern ((a))
      rewrite name regex a b answer                  | plugin/rewrite: invalid arguments for regex rule
      rewrite name regex a b answer ttl x y          | plugin/rewrite: invalid type "ttl" for answer rule for regex rule
      rewrite name regex a b NoAnswer name x y       | plugin/rewrite: exceeded the number of arguments for a non-answer rule argument for regex rule
      rewrite name regex a b answer name x           | plugin/rewrite: name answer rule for regex rule: 2 arguments required
      rewrite name regex a b answer auto answer name x y | plugin/rewrite: auto name answer rule cannot be combined with explicit name anwer rules
      rewrite stop {\\n name regex foo bar\\n answer name bar foo\\n name baz\\n } | plugin/rewrite: name answer rule for regex rule: 2 arguments required
      rewrite type A                                 | plugin/rewrite: type rules must have exactly two arguments
      rewrite type A BOGUS                           | plugin/rewrite: invalid type "BOGUS"
      rewrite class XX IN                            | plugin/rewrite: invalid class "XX"
      rewrite ttl a.example.org x                    | plugin/rewrite: invalid TTL 'x' for a ttl rule
      rewrite ttl a.example.org 60-10                | plugin/rewrite: invalid TTL '60-10' for a ttl rule
      rewrite ttl fuzzy a.example.org 10             | plugin/rewrite: ttl rule supports only exact, prefix, suffix, substring, and regex name matching
      rewrite rcode a.example.org BOGUS NOERROR      | plugin/rewrite: invalid matching RCODE 'BOGUS' for a rcode rule
      rewrite rcode a.example.org NXDOMAIN 99        | plugin/rewrite: invalid replacement RCODE '99' for a rcode rule
      rewrite edns0 local set 0xffee abcd            | plugin/rewrite: edns0 rules are not supported by netkube (its server passes no EDNS0 options to the plugins)
      rewrite cname exact a.example.org. b.example.org. | plugin/rewrite: cname rules are not supported by netkube
      """)
  void badInputIsRefusedInCoreDnsWords(String block, String message) {
    assertThatThrownBy(() -> SetupErrors.load(block)).isInstanceOf(CorefileException.class).hasMessage(message);
  }
}
