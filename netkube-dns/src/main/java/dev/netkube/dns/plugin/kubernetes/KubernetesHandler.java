package dev.netkube.dns.plugin.kubernetes;

import dev.netkube.dns.plugin.Chain;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.Reply;
import dev.netkube.dns.plugin.Request;
import dev.netkube.dns.plugin.Zones;
import java.util.Optional;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The kubernetes plugin in the chain: names outside its zones go on; inside, the resolver's answer, NODATA or
 * NXDOMAIN with the SOA (or the next plugin under fallthrough), SERVFAIL before the first sync.
 */
final class KubernetesHandler implements dev.netkube.dns.plugin.Handler {
  private final KubernetesConfig config;
  private final ClusterSource source;
  private final KubernetesResolver resolver;
  private final PluginContext.Lookup lookup;

  KubernetesHandler(KubernetesConfig config, ClusterSource source, PluginContext.Lookup lookup) {
    this.config = config;
    this.source = source;
    this.resolver = new KubernetesResolver(config);
    this.lookup = lookup;
  }

  @Override
  public Reply serve(Request request, Chain next) {
    String name = request.name();
    Optional<String> zone = Zones.match(config.zones(), name);
    if (zone.isEmpty()) return next.serve(request);
    ClusterIndex index = source.state().index();
    Name qname = request.qname();
    if (!source.synced()) return negative(request, index, zone.get(), Rcode.SERVFAIL);
    Resolution r = resolver.resolve(index, qname, name, request.qtype(), zone.get());
    if (r instanceof Resolution.Refused) return new Reply.Failure(Rcode.REFUSED, KubernetesSetup.NAME, Optional.empty());
    if (r instanceof Resolution.NoData) return negative(request, index, zone.get(), Rcode.NOERROR);
    if (r instanceof Resolution.NameError) {
      return config.fallthrough().through(name) ? next.serve(request) : negative(request, index, zone.get(), Rcode.NXDOMAIN);
    }
    Resolution.Found found = (Resolution.Found) r;
    Message m = reply(request, Rcode.NOERROR);
    for (Record rec : found.answer()) m.addRecord(rec, Section.ANSWER);
    for (Record rec : found.extra()) m.addRecord(rec, Section.ADDITIONAL);
    found.outsideTarget().ifPresent(target -> chase(m, target, request.qtype()));
    return new Reply.Answer(m, KubernetesSetup.NAME);
  }

  /** An ExternalName outside the cluster: its addresses from the whole server (forward), as CoreDNS's upstream. */
  private void chase(Message m, Name target, int qtype) {
    try {
      Message q = Message.newQuery(Record.newRecord(target, qtype, org.xbill.DNS.DClass.IN));
      Message answer = lookup.resolve(q);
      if (answer == null) return;
      for (Record rec : answer.getSection(Section.ANSWER)) m.addRecord(rec, Section.ANSWER);
      if (answer.getHeader().getFlag(Flags.TC)) m.getHeader().setFlag(Flags.TC);
    } catch (RuntimeException e) {
      // CoreDNS keeps the CNAME alone when the target does not resolve
    }
  }

  private Reply negative(Request request, ClusterIndex index, String zone, int rcode) {
    Message m = reply(request, rcode);
    m.addRecord(resolver.soa(index, KubernetesResolver.zoneName(request.qname(), zone), zone), Section.AUTHORITY);
    return new Reply.Answer(m, KubernetesSetup.NAME);
  }

  static Message reply(Request request, int rcode) {
    Message m = new Message(request.query().getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    if (request.query().getHeader().getFlag(Flags.RD)) m.getHeader().setFlag(Flags.RD);
    m.getHeader().setRcode(rcode);
    m.addRecord(request.question(), Section.QUESTION);
    return m;
  }
}
