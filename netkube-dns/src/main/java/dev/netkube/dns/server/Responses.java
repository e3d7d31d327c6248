package dev.netkube.dns.server;

import dev.netkube.dns.plugin.Reply;
import dev.netkube.dns.plugin.Request;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** The last steps before the wire, as CoreDNS's server: error responses, the client's EDNS0, truncation to fit. */
public final class Responses {
  private Responses() {}

  /** An empty response with {@code rcode} to {@code query} (no AA: no plugin vouched for it). */
  public static Message error(Message query, int rcode) {
    Message m = new Message(query.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    if (query.getHeader().getFlag(Flags.RD)) m.getHeader().setFlag(Flags.RD);
    m.getHeader().setOpcode(query.getHeader().getOpcode());
    m.getHeader().setRcode(rcode);
    if (query.getQuestion() != null) m.addRecord(query.getQuestion(), Section.QUESTION);
    return m;
  }

  public static Message of(Request request, Reply reply) {
    if (reply instanceof Reply.Answer a) return a.message();
    return error(request.query(), ((Reply.Failure) reply).rcode());
  }

  /**
   * The response as the client gets it: its ID, its question as asked, an OPT record iff the query had one
   * (advertising the client's size, its DO bit), then cut to {@code maxSize}: records dropped from the end of
   * additional, authority, then answer, TC set when any was dropped (miekg/dns's Truncate).
   */
  public static byte[] wire(Request request, Message response) {
    List<Record> answer = response.getSection(Section.ANSWER);
    List<Record> authority = response.getSection(Section.AUTHORITY);
    List<Record> additional = response.getSection(Section.ADDITIONAL).stream().filter(r -> !(r instanceof OPTRecord)).toList();
    OPTRecord clientOpt = request.query().getOPT();
    OPTRecord opt = clientOpt == null ? null : new OPTRecord(Math.max(Request.MIN_UDP_SIZE, clientOpt.getPayloadSize()),
        response.getRcode() >> 4, 0, clientOpt.getFlags() & 0x8000);
    Message m = skeleton(request, response, opt);
    for (Record r : answer) m.addRecord(r, Section.ANSWER);
    for (Record r : authority) m.addRecord(r, Section.AUTHORITY);
    for (Record r : additional) m.addRecord(r, Section.ADDITIONAL);
    byte[] wire = m.toWire();
    if (wire.length <= request.maxSize()) return wire;
    // too big: keep as many records, in order, as fit
    Message cut = skeleton(request, response, opt);
    int[] sections = {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL};
    List<List<Record>> lists = List.of(answer, authority, additional);
    outer:
    for (int i = 0; i < sections.length; i++) {
      for (Record r : lists.get(i)) {
        cut.addRecord(r, sections[i]);
        if (cut.toWire().length > request.maxSize()) {
          cut.removeRecord(r, sections[i]);
          break outer;
        }
      }
    }
    cut.getHeader().setFlag(Flags.TC);
    return cut.toWire();
  }

  private static Message skeleton(Request request, Message response, OPTRecord opt) {
    Message m = new Message(request.query().getHeader().getID());
    for (int flag : new int[] {Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD}) {
      if (response.getHeader().getFlag(flag)) m.getHeader().setFlag(flag);
    }
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setOpcode(response.getHeader().getOpcode());
    m.getHeader().setRcode(response.getRcode() & 0xF);
    m.addRecord(request.question(), Section.QUESTION);
    if (opt != null) m.addRecord(opt, Section.ADDITIONAL);
    return m;
  }
}
