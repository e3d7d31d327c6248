package dev.netkube.dns.plugin.template;

import dev.netkube.dns.plugin.Chain;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.Replies;
import dev.netkube.dns.plugin.Reply;
import dev.netkube.dns.plugin.Request;
import dev.netkube.dns.plugin.Zones;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * CoreDNS's template handler: outside all templates' zones the query goes on; each template in the Corefile's order
 * either matches (its records executed, parsed as zone-file lines, answered authoritatively with its rcode; SERVFAIL
 * without a message), or does not: a regex miss without fallthrough is SERVFAIL, otherwise the next template, and
 * past the last the next plugin. A CNAME answer to an A or AAAA query has its target resolved through the server.
 */
final class TemplateHandler implements Handler {
  private final List<Template> templates;
  private final List<String> zones;
  private final PluginContext.Lookup lookup;

  TemplateHandler(List<Template> templates, PluginContext.Lookup lookup) {
    this.templates = List.copyOf(templates);
    this.zones = templates.stream().flatMap(t -> t.zones().stream()).distinct().toList();
    this.lookup = lookup;
  }

  @Override
  public Reply serve(Request request, Chain next) {
    String name = request.name();
    if (Zones.match(zones, name).isEmpty()) return next.serve(request);
    String remote = request.client().getAddress().getHostAddress();
    for (Template t : templates) {
      Template.Outcome outcome = t.match(request.question(), name, request.query(), remote);
      if (outcome instanceof Template.NoMatch miss) {
        if (!miss.through()) return Reply.Failure.of(Rcode.SERVFAIL, TemplateSetup.NAME, null);
        continue;
      }
      if (t.rcode() == Rcode.SERVFAIL) return Reply.Failure.of(Rcode.SERVFAIL, TemplateSetup.NAME, null);
      TemplateData data = ((Template.Matched) outcome).data();
      try {
        return new Reply.Answer(answer(request, t, data), TemplateSetup.NAME);
      } catch (GoTemplate.ExecException | IOException e) {
        return Reply.Failure.of(Rcode.SERVFAIL, TemplateSetup.NAME, e.getMessage());
      }
    }
    return next.serve(request);
  }

  private Message answer(Request request, Template t, TemplateData data) throws GoTemplate.ExecException, IOException {
    Message m = Replies.authoritative(request, t.rcode());
    int qtype = request.qtype();
    for (GoTemplate g : t.answer()) {
      Record rr = record(g, data);
      m.addRecord(rr, Section.ANSWER);
      if ((qtype == Type.A || qtype == Type.AAAA) && rr instanceof CNAMERecord cname) chase(m, cname.getTarget(), qtype);
    }
    for (GoTemplate g : t.additional()) m.addRecord(record(g, data), Section.ADDITIONAL);
    for (GoTemplate g : t.authority()) m.addRecord(record(g, data), Section.AUTHORITY);
    return m;
  }

  /** miekg/dns's NewRR: one zone-file line, names relative to the root, TTL 3600 when it gives none. */
  static Record record(GoTemplate g, TemplateData data) throws GoTemplate.ExecException, IOException {
    String text = g.execute(data);
    try (Master master = new Master(new ByteArrayInputStream((text + "\n").getBytes(StandardCharsets.UTF_8)), Name.root, 3600)) {
      master.disableIncludes();
      Record rr = master.nextRecord();
      if (rr == null) throw new IOException("dns: not a resource record: \"" + text + "\"");
      return rr;
    } catch (IOException | RuntimeException e) {
      throw new IOException("dns: bad resource record \"" + text + "\": " + e.getMessage(), e);
    }
  }

  /** The CNAME's target through the whole server (CoreDNS's upstream), its answers appended. */
  private void chase(Message m, Name target, int qtype) {
    try {
      Message up = lookup.resolve(Message.newQuery(Record.newRecord(target, qtype, DClass.IN)));
      if (up == null) return;
      if (up.getHeader().getFlag(Flags.TC)) m.getHeader().setFlag(Flags.TC);
      for (Record rr : up.getSection(Section.ANSWER)) m.addRecord(rr, Section.ANSWER);
    } catch (RuntimeException e) {
      // the CNAME alone, as CoreDNS when the lookup fails
    }
  }

}
