package dev.netkube.dns.plugin.autopath;

import dev.netkube.dns.plugin.Chain;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Reply;
import dev.netkube.dns.plugin.Request;
import dev.netkube.dns.plugin.Zones;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/**
 * CoreDNS's autopath: a query under the client's first search domain is the client starting its search, so the
 * server walks the rest of it: the base name with each domain appended in turn (and last, alone) through the rest
 * of the chain; the first answer that is not NXDOMAIN is returned with a CNAME from the asked name to the name that
 * answered. All NXDOMAIN: the first answer as it was (the client then searches itself).
 */
final class AutopathHandler implements Handler {
  private final List<String> zones;
  private final Function<Request, Optional<List<String>>> searchPath;

  AutopathHandler(List<String> zones, Function<Request, Optional<List<String>>> searchPath) {
    this.zones = List.copyOf(zones);
    this.searchPath = searchPath;
  }

  @Override
  public Reply serve(Request request, Chain next) {
    String name = request.name();
    if (Zones.match(zones, name).isEmpty()) return next.serve(request);
    List<String> path = searchPath.apply(request).orElse(List.of());
    if (path.isEmpty() || !Zones.isSubdomain(name, path.get(0))) return next.serve(request);
    Name asked = request.qname();
    Optional<String> base = trimZone(asked.toString(), path.get(0));
    if (base.isEmpty()) {
      return Reply.Failure.of(Rcode.SERVFAIL, AutopathSetup.NAME, "trimzone: overshot qname: " + asked + "for zone " + path.get(0));
    }
    Reply first = null;
    for (String domain : path) {
      Request attempt;
      try {
        attempt = request.withQuery(withName(request.query(), Name.fromString(base.get() + "." + domain)));
      } catch (TextParseException e) {
        continue; // longer than a name can be: that domain cannot answer
      }
      Reply reply = next.serve(attempt);
      if (reply instanceof Reply.Failure f && f.error().isPresent()) return reply;
      if (first == null) first = reply;
      if (!(reply instanceof Reply.Answer a) || a.message().getRcode() == Rcode.NXDOMAIN) continue;
      return new Reply.Answer(cnamed(a.message(), request.question()), a.plugin());
    }
    return first == null ? next.serve(request) : first;
  }

  /** miekg/dns's TrimZone: the labels of {@code name} left of {@code zone}, none if {@code name} has no more labels. */
  static Optional<String> trimZone(String name, String zone) {
    int zoneLabels = zone.equals(".") ? 0 : zone.split("\\.").length;
    String[] labels = name.equals(".") ? new String[0] : name.split("\\.");
    if (labels.length <= zoneLabels) return Optional.empty();
    return Optional.of(String.join(".", java.util.Arrays.copyOf(labels, labels.length - zoneLabels)));
  }

  private static Message withName(Message query, Name name) {
    Message q = query.clone();
    Record question = query.getQuestion();
    q.removeAllRecords(Section.QUESTION);
    q.addRecord(Record.newRecord(name, question.getType(), question.getDClass()), Section.QUESTION);
    return q;
  }

  /** CoreDNS's cnamer: a CNAME from the asked name to the first answer owned by another name, put first; the question as asked. */
  static Message cnamed(Message answer, Record question) {
    Message m = answer.clone();
    Name asked = question.getName();
    List<Record> records = m.getSection(Section.ANSWER);
    for (Record rr : records) {
      if (rr.getName().toString().equalsIgnoreCase(asked.toString())) continue;
      m.removeAllRecords(Section.ANSWER);
      m.addRecord(new CNAMERecord(asked, rr.getDClass(), rr.getTTL(), rr.getName()), Section.ANSWER);
      for (Record r : records) m.addRecord(r, Section.ANSWER);
      break;
    }
    m.removeAllRecords(Section.QUESTION);
    m.addRecord(question, Section.QUESTION);
    return m;
  }
}
