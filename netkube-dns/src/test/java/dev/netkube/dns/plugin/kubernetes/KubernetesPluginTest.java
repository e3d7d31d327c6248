package dev.netkube.dns.plugin.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.dns.testing.Clusters;
import dev.netkube.dns.testing.InJvmServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The kubernetes plugin through a real in-JVM chain, per the DNS spec and CoreDNS's answers. */
class KubernetesPluginTest {
  private static final String COREFILE = """
      .:53 {
          errors
          kubernetes cluster.local in-addr.arpa ip6.arpa {
             pods insecure
             ttl 30
          }
      }
      """;

  private InJvmServer server;

  private InJvmServer start(String corefile, ClusterSource source) throws Exception {
    server = new InJvmServer(corefile, source);
    return server;
  }

  private InJvmServer seed() throws Exception { return start(COREFILE, ClusterSource.of(Clusters.seed())); }

  @AfterEach void close() { if (server != null) server.close(); }

  private static List<String> answers(Message m) {
    return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
  }

  private static Record soa(Message m) { return m.getSection(Section.AUTHORITY).get(0); }

  @Test
  void clusterIpServiceAnswersItsIpAuthoritativelyWithTheTtl() throws Exception {
    Message m = seed().ask("clusterip-service.default.svc.cluster.local", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(answers(m)).containsExactly("10.96.0.20");
    assertThat(m.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(30);
    assertThat(answers(server.ask("prometheus-app.monitoring.svc.cluster.local", Type.A))).containsExactly("10.96.0.30");
  }

  @Test
  void nodataAndNxdomainAsCoreDnsAnswersThem() throws Exception {
    seed();
    Message aaaa = server.ask("clusterip-service.default.svc.cluster.local", Type.AAAA);
    assertThat(aaaa.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(aaaa.getSection(Section.ANSWER)).isEmpty();
    SOARecord soa = (SOARecord) soa(aaaa);
    assertThat(soa.getName().toString()).isEqualTo("cluster.local.");
    assertThat(soa.getHost().toString()).isEqualTo("ns.dns.cluster.local.");
    assertThat(soa.getAdmin().toString()).isEqualTo("hostmaster.cluster.local.");
    assertThat(List.of(soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum())).containsExactly(7200L, 1800L, 86400L, 30L);
    assertThat(soa.getTTL()).isEqualTo(30);
    Message missing = server.ask("nope.default.svc.cluster.local", Type.A);
    assertThat(missing.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(soa(missing)).isInstanceOf(SOARecord.class);
    assertThat(server.ask("clusterip-service.nonamespace.svc.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    // a namespace that exists, the zone apex and svc. are names without records
    for (String name : List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local")) {
      Message m = server.ask(name, Type.A);
      assertThat(m.getRcode()).as(name).isEqualTo(Rcode.NOERROR);
      assertThat(m.getSection(Section.ANSWER)).as(name).isEmpty();
    }
    assertThat(server.ask("unknown.svc.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(server.ask("foo.bar.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    // another type of an existing name: NODATA; of a missing one: NXDOMAIN
    assertThat(server.ask("clusterip-service.default.svc.cluster.local", Type.MX).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(server.ask("nope.default.svc.cluster.local", Type.MX).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void headlessServiceAnswersEachReadyEndpointAndNxdomainWithNoneReady() throws Exception {
    seed();
    assertThat(answers(server.ask("default-subdomain.default.svc.cluster.local", Type.A)))
        .containsExactlyInAnyOrder("10.244.1.10", "10.244.2.11");
    assertThat(server.ask("no-ready.default.svc.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    // hostname.subdomain: the pod's own name under its headless service
    assertThat(answers(server.ask("appname.default-subdomain.default.svc.cluster.local", Type.A))).containsExactly("10.244.1.10");
    // an endpoint without hostname is its dashed IP
    assertThat(answers(server.ask("10-244-2-11.default-subdomain.default.svc.cluster.local", Type.A))).containsExactly("10.244.2.11");
    assertThat(server.ask("other-pod.default-subdomain.default.svc.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void endpointPodNamesNameEndpointsWithoutHostnameByTheirPod() throws Exception {
    start(COREFILE.replace("ttl 30", "endpoint_pod_names"), ClusterSource.of(Clusters.seed()));
    assertThat(answers(server.ask("other-pod.default-subdomain.default.svc.cluster.local", Type.A))).containsExactly("10.244.2.11");
    // the hostname still wins
    assertThat(answers(server.ask("appname.default-subdomain.default.svc.cluster.local", Type.A))).containsExactly("10.244.1.10");
  }

  @Test
  void srvForNamedPortsOfClusterIpAndHeadlessServices() throws Exception {
    seed();
    Message m = server.ask("_http._tcp.clusterip-service.default.svc.cluster.local", Type.SRV);
    assertThat(answers(m)).containsExactly("0 100 80 clusterip-service.default.svc.cluster.local.");
    assertThat(m.getSection(Section.ADDITIONAL)).extracting(Record::rdataToString).contains("10.96.0.20");
    Message headless = server.ask("_foo._tcp.default-subdomain.default.svc.cluster.local", Type.SRV);
    assertThat(answers(headless)).containsExactlyInAnyOrder(
        "0 50 1234 appname.default-subdomain.default.svc.cluster.local.",
        "0 50 1234 10-244-2-11.default-subdomain.default.svc.cluster.local.");
    assertThat(headless.getSection(Section.ADDITIONAL)).filteredOn(r -> r.getType() == Type.A)
        .extracting(r -> r.getName() + " " + r.rdataToString())
        .containsExactlyInAnyOrder("appname.default-subdomain.default.svc.cluster.local. 10.244.1.10",
            "10-244-2-11.default-subdomain.default.svc.cluster.local. 10.244.2.11");
    assertThat(server.ask("_nope._tcp.clusterip-service.default.svc.cluster.local", Type.SRV).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(server.ask("_http._udp.clusterip-service.default.svc.cluster.local", Type.SRV).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    // SRV of the service name itself: every port with a number
    assertThat(answers(server.ask("prometheus-app.monitoring.svc.cluster.local", Type.SRV)))
        .containsExactlyInAnyOrder("0 50 9090 prometheus-app.monitoring.svc.cluster.local.", "0 50 9091 prometheus-app.monitoring.svc.cluster.local.");
  }

  @Test
  void ptrForClusterIpsAndEndpoints() throws Exception {
    seed();
    Message m = server.ask("20.0.96.10.in-addr.arpa", Type.PTR);
    assertThat(m.getSection(Section.ANSWER)).singleElement().isInstanceOf(PTRRecord.class);
    assertThat(answers(m)).containsExactly("clusterip-service.default.svc.cluster.local.");
    assertThat(answers(server.ask("10.1.244.10.in-addr.arpa", Type.PTR))).containsExactly("appname.default-subdomain.default.svc.cluster.local.");
    assertThat(answers(server.ask("5.1.244.10.in-addr.arpa", Type.PTR))).containsExactly("10-244-1-5.clusterip-service.default.svc.cluster.local.");
    assertThat(server.ask("9.9.9.10.in-addr.arpa", Type.PTR).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void externalNameIsACnameFollowedInsideTheCluster() throws Exception {
    seed();
    Message m = server.ask("my-service.default.svc.cluster.local", Type.CNAME);
    assertThat(m.getSection(Section.ANSWER)).singleElement().isInstanceOf(CNAMERecord.class);
    assertThat(answers(m)).containsExactly("my.database.example.com.");
    // an A query gets the CNAME; its target outside the cluster is left to the rest of the server (here nothing)
    assertThat(answers(server.ask("my-service.default.svc.cluster.local", Type.A))).containsExactly("my.database.example.com.");
    Message alias = server.ask("alias.default.svc.cluster.local", Type.A);
    assertThat(alias.getSection(Section.ANSWER)).extracting(Record::getType).containsExactly(Type.CNAME, Type.A);
    assertThat(answers(alias)).containsExactly("clusterip-service.default.svc.cluster.local.", "10.96.0.20");
  }

  @Test
  void podRecordsByMode() throws Exception {
    seed();
    assertThat(answers(server.ask("1-2-3-4.default.pod.cluster.local", Type.A))).containsExactly("1.2.3.4"); // insecure echoes
    assertThat(server.ask("1-2-3-4.nonamespace.pod.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(server.ask("not-an-ip.default.pod.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    server.close();
    start(COREFILE.replace("pods insecure", "pods verified"), ClusterSource.of(Clusters.seed()));
    assertThat(answers(server.ask("10-244-1-5.default.pod.cluster.local", Type.A))).containsExactly("10.244.1.5");
    assertThat(server.ask("1-2-3-4.default.pod.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    server.close();
    start(COREFILE.replace("pods insecure", "pods disabled"), ClusterSource.of(Clusters.seed()));
    assertThat(server.ask("10-244-1-5.default.pod.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void dnsVersionTxtAndCaseInsensitiveNamesKeepingTheQuestionsCase() throws Exception {
    seed();
    Message txt = server.ask("dns-version.cluster.local", Type.TXT);
    assertThat(txt.getSection(Section.ANSWER)).singleElement().isInstanceOf(TXTRecord.class);
    assertThat(((TXTRecord) txt.getSection(Section.ANSWER).get(0)).getStrings()).containsExactly("1.1.0");
    assertThat(txt.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(28800);
    Message m = server.ask("ClusterIP-Service.DEFAULT.svc.Cluster.Local", Type.A);
    assertThat(answers(m)).containsExactly("10.96.0.20");
    assertThat(m.getSection(Section.ANSWER).get(0).getName().toString()).isEqualTo("ClusterIP-Service.DEFAULT.svc.Cluster.Local.");
  }

  @Test
  void servfailUntilTheFirstSync() throws Exception {
    ClusterState state = Clusters.seed();
    boolean[] synced = {false};
    start(COREFILE, new ClusterSource() {
      @Override public ClusterState state() { return state; }

      @Override public boolean synced() { return synced[0]; }
    });
    assertThat(server.ask("clusterip-service.default.svc.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    synced[0] = true;
    assertThat(server.ask("clusterip-service.default.svc.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void fallthroughHandsMissesToTheNextPluginInItsZonesOnly() throws Exception {
    start(COREFILE.replace("ttl 30", "fallthrough in-addr.arpa"), ClusterSource.of(Clusters.seed()));
    // the next plugin: none here, so the chain's end answers SERVFAIL instead of kubernetes' NXDOMAIN
    assertThat(server.ask("9.9.9.10.in-addr.arpa", Type.PTR).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(server.log).anyMatch(l -> l.startsWith("[ERROR] plugin/errors: 2 9.9.9.10.in-addr.arpa. PTR:"));
    assertThat(server.ask("nope.default.svc.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void zoneTransfersAreRefusedAndChangesShowAtOnce() throws Exception {
    ClusterState state = Clusters.seed();
    start(COREFILE, ClusterSource.of(state));
    assertThat(server.ask("cluster.local", Type.AXFR, "tcp").getRcode()).isEqualTo(Rcode.REFUSED);
    state.removeService("default", "clusterip-service");
    assertThat(server.ask("clusterip-service.default.svc.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    state.putService(new ClusterModel.Service("default", "clusterip-service", ClusterModel.Kind.CLUSTER_IP,
        List.of("10.96.0.21"), "", List.of()));
    assertThat(answers(server.ask("clusterip-service.default.svc.cluster.local", Type.A))).containsExactly("10.96.0.21");
    assertThat(server.ask("clusterip-service.default.svc.cluster.local", Type.A).getSection(Section.ANSWER).get(0))
        .isInstanceOf(ARecord.class);
  }
}
