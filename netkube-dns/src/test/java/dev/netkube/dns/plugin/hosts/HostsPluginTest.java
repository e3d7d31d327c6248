package dev.netkube.dns.plugin.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.plugin.SetupErrors;
import dev.netkube.dns.plugin.kubernetes.ClusterSource;
import dev.netkube.dns.testing.Clusters;
import dev.netkube.dns.testing.InJvmServer;
import dev.netkube.dns.testing.TestUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The hosts plugin through a real in-JVM chain: a hosts file and inline entries, PTR, NODATA, fallthrough, reload. */
class HostsPluginTest {
  @TempDir Path dir;
  private Path hostsFile;
  private TestUpstream upstream;
  private InJvmServer server;

  @BeforeEach
  void files() throws Exception {
    hostsFile = dir.resolve("hosts");
    Files.writeString(hostsFile, """
        # the seed's kind of hosts file
        127.0.0.1   localhost
        192.168.1.10    Example.COM   example    # an alias
        ::1             localhost ip6-localhost
        fdfc:a744:27b5:3b0e::1  example.com
        fe80::1%eth0    linklocal.example.com
        not-an-ip       broken.example.com
        10.0.0.9
        """);
    upstream = new TestUpstream();
  }

  @AfterEach
  void close() throws Exception {
    if (server != null) server.close();
    upstream.close();
  }

  private InJvmServer start(String hostsBlock) throws Exception {
    server = new InJvmServer(".:53 {\n errors\n " + hostsBlock + "\n forward . 127.0.0.1:" + upstream.port() + "\n}\n",
        ClusterSource.of(Clusters.seed()));
    return server;
  }

  /** Owner names compared in lower case: dnsjava compresses an answer's name onto the question's spelling. */
  private static List<String> answers(Message m) {
    return m.getSection(Section.ANSWER).stream().map(r -> r.getName().toString().toLowerCase() + " " + r.getTTL() + " " + Type.string(r.getType()) + " " + r.rdataToString()).toList();
  }

  @Test
  void aAaaaAndPtrFromTheFileAndTheInlineEntriesAuthoritatively() throws Exception {
    start("hosts " + hostsFile + " {\n 10.0.0.1 inline.example.org\n 192.168.1.11 example.com\n ttl 60\n }");
    Message a = server.ask("EXAMPLE.com", Type.A);
    assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.getHeader().getFlag(Flags.AA)).isTrue();
    // the file's first, then the inline one
    assertThat(answers(a)).containsExactly("example.com. 60 A 192.168.1.10", "example.com. 60 A 192.168.1.11");
    assertThat(answers(server.ask("example", Type.A))).containsExactly("example. 60 A 192.168.1.10");
    assertThat(answers(server.ask("example.com", Type.AAAA))).containsExactly("example.com. 60 AAAA fdfc:a744:27b5:3b0e:0:0:0:1");
    assertThat(answers(server.ask("linklocal.example.com", Type.AAAA))).containsExactly("linklocal.example.com. 60 AAAA fe80:0:0:0:0:0:0:1");
    assertThat(answers(server.ask("inline.example.org", Type.A))).containsExactly("inline.example.org. 60 A 10.0.0.1");
    assertThat(answers(server.ask("10.1.168.192.in-addr.arpa", Type.PTR))).containsExactly("10.1.168.192.in-addr.arpa. 60 PTR example.com.", "10.1.168.192.in-addr.arpa. 60 PTR example.");
    assertThat(answers(server.ask("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa", Type.PTR)))
        .containsExactly("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa. 60 PTR localhost.",
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa. 60 PTR ip6-localhost.");
    assertThat(answers(server.ask("1.0.0.10.in-addr.arpa", Type.PTR))).containsExactly("1.0.0.10.in-addr.arpa. 60 PTR inline.example.org.");
    assertThat(upstream.udpQueries.get()).isZero();
  }

  @Test
  void aKnownNameOfAnotherTypeIsNodataAndAnUnknownOneServfailWithoutFallthrough() throws Exception {
    start("hosts " + hostsFile);
    Message mx = server.ask("example.com", Type.MX);
    assertThat(mx.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(mx.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(mx.getSection(Section.ANSWER)).isEmpty();
    assertThat(mx.getSection(Section.AUTHORITY)).isEmpty(); // hosts has no SOA to give
    // a name with only an IPv6 entry asked for A: NODATA too
    assertThat(server.ask("ip6-localhost", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answers(server.ask("example.com", Type.A)).get(0)).isEqualTo("example.com. 3600 A 192.168.1.10"); // default ttl
    // not in the hosts data: SERVFAIL, never asked further, as CoreDNS's hosts without fallthrough
    assertThat(server.ask("example.org", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(server.ask("broken.example.com", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(upstream.udpQueries.get()).isZero();
    // a reverse name it does not know always goes on (to forward, NXDOMAIN there)
    assertThat(server.ask("99.0.0.10.in-addr.arpa", Type.PTR).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(upstream.udpQueries.get()).isEqualTo(1);
  }

  @Test
  void fallthroughHandsUnknownNamesOnInItsZonesOnly() throws Exception {
    start("hosts " + hostsFile + " {\n fallthrough example.org\n }");
    assertThat(answers(server.ask("example.org", Type.A))).containsExactly("example.org. 300 A 192.0.2.1"); // forward's
    assertThat(server.ask("nothing.example.net", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    server.close();
    start("hosts " + hostsFile + " {\n fallthrough\n }");
    assertThat(server.ask("nothing.example.net", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(answers(server.ask("example.com", Type.A))).containsExactly("example.com. 3600 A 192.168.1.10");
  }

  @Test
  void zonesLimitWhatItServesAndNoReverseDropsThePtrs() throws Exception {
    start("hosts " + hostsFile + " example.com {\n no_reverse\n }");
    assertThat(answers(server.ask("example.com", Type.A))).containsExactly("example.com. 3600 A 192.168.1.10");
    // outside its zone: the next plugin, fallthrough or not; entries outside the zone were never loaded
    assertThat(answers(server.ask("example.org", Type.A))).containsExactly("example.org. 300 A 192.0.2.1");
    assertThat(server.ask("localhost", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(server.ask("10.1.168.192.in-addr.arpa", Type.PTR).getRcode()).isEqualTo(Rcode.NXDOMAIN); // forward's
  }

  @Test
  void theFileIsReadAgainWhenItChangesAndItsLastContentServesWhenItIsGone() throws Exception {
    start("hosts " + hostsFile + " {\n 10.0.0.1 inline.example.org\n reload 100ms\n }");
    assertThat(answers(server.ask("example.com", Type.A))).containsExactly("example.com. 3600 A 192.168.1.10");
    Files.writeString(hostsFile, "192.168.1.99 example.com\n192.168.1.98 new.example.com\n");
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
        assertThat(answers(server.ask("example.com", Type.A))).containsExactly("example.com. 3600 A 192.168.1.99"));
    assertThat(answers(server.ask("new.example.com", Type.A))).containsExactly("new.example.com. 3600 A 192.168.1.98");
    assertThat(answers(server.ask("98.1.168.192.in-addr.arpa", Type.PTR))).containsExactly("98.1.168.192.in-addr.arpa. 3600 PTR new.example.com.");
    Files.delete(hostsFile);
    Thread.sleep(400);
    assertThat(answers(server.ask("new.example.com", Type.A))).containsExactly("new.example.com. 3600 A 192.168.1.98");
    assertThat(answers(server.ask("inline.example.org", Type.A))).containsExactly("inline.example.org. 3600 A 10.0.0.1");
  }

  @Test
  void reloadZeroReadsTheFileOnceAndAMissingFileIsAWarning() throws Exception {
    start("hosts " + hostsFile + " {\n reload 0s\n }");
    Files.writeString(hostsFile, "192.168.1.99 example.com\n");
    Thread.sleep(300);
    assertThat(answers(server.ask("example.com", Type.A))).containsExactly("example.com. 3600 A 192.168.1.10");
    server.close();
    start("hosts " + dir.resolve("missing") + " {\n 10.0.0.1 inline.example.org\n }");
    assertThat(server.log).contains("[WARNING] plugin/hosts: File does not exist: " + dir.resolve("missing"));
    assertThat(answers(server.ask("inline.example.org", Type.A))).containsExactly("inline.example.org. 3600 A 10.0.0.1");
  }

  @Test
  void loadsWithoutTheNotYetServedWarning() throws Exception {
    assertThat(SetupErrors.load("hosts {\n 10.0.0.1 a.example.org\n }").warnings()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      hosts {\\n ttl\\n }                   | plugin/hosts: Corefile:3 - Error during parsing: ttl needs a time in second
      hosts {\\n ttl x\\n }                 | plugin/hosts: Corefile:3 - Error during parsing: ttl needs a number of second
      hosts {\\n ttl 0\\n }                 | plugin/hosts: Corefile:3 - Error during parsing: ttl provided is invalid
      hosts {\\n ttl 65536\\n }             | plugin/hosts: Corefile:3 - Error during parsing: ttl provided is invalid
      hosts {\\n reload\\n }                | plugin/hosts: Corefile:3 - Error during parsing: reload needs a duration (zero seconds to disable)
      hosts {\\n reload soon\\n }           | plugin/hosts: Corefile:3 - Error during parsing: invalid duration for reload 'soon'
      hosts {\\n reload -5s\\n }            | plugin/hosts: Corefile:3 - Error during parsing: invalid negative duration for reload '-5s'
      hosts {\\n fallthrough\\n bogus 1\\n } | plugin/hosts: Corefile:4 - Error during parsing: unknown property 'bogus'
      hosts\\n hosts                        | plugin/hosts: this plugin can only be used once per Server Block
      """)
  void badInputIsRefusedInCoreDnsWords(String block, String message) {
    assertThatThrownBy(() -> SetupErrors.load(block)).isInstanceOf(CorefileException.class).hasMessage(message);
  }

  @Test
  void beforeAFallthroughAnUnknownLineIsAnInlineEntry() throws Exception {
    HostsSetup.Config c = SetupErrors.load("hosts {\n 10.0.0.1 a.example.org b\n bogus\n fallthrough\n }").blocks().get(0)
        .config("hosts", HostsSetup.Config.class).orElseThrow();
    assertThat(c.inline()).containsExactly("10.0.0.1 a.example.org b", "bogus");
    assertThat(c.file()).isEqualTo("/etc/hosts");
    assertThat(c.reload()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.ttl()).isEqualTo(3600);
  }
}
