package dev.netkube.dns.plugin;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;

/** miekg/dns's {@code m.SetReply(r)} with {@code Authoritative = true}: what a plugin that answers itself starts from. */
public final class Replies {
  private Replies() {}

  /** An authoritative, empty response to the request's query with {@code rcode}: its ID, question, RD and CD bits. */
  public static Message authoritative(Request request, int rcode) {
    Message query = request.query();
    Message m = new Message(query.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    if (query.getHeader().getFlag(Flags.RD)) m.getHeader().setFlag(Flags.RD);
    if (query.getHeader().getFlag(Flags.CD)) m.getHeader().setFlag(Flags.CD);
    m.getHeader().setOpcode(query.getHeader().getOpcode());
    m.getHeader().setRcode(rcode);
    m.addRecord(query.getQuestion(), Section.QUESTION);
    return m;
  }
}
