package dev.netkube.dns.plugin.rewrite;

import dev.netkube.dns.plugin.Chain;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Reply;
import dev.netkube.dns.plugin.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * CoreDNS's rewrite handler: the rules in the Corefile's order change the question (each seeing what the ones
 * before made of it) until one that matched says stop; the rest of the chain answers the rewritten query; the
 * response gets the original question back and the matched rules' response rewrites (names, values, TTLs, rcode).
 * A rewritten name that is not a domain name is SERVFAIL.
 */
final class RewriteHandler implements Handler {
  private final List<Rule> rules;

  RewriteHandler(List<Rule> rules) { this.rules = List.copyOf(rules); }

  @Override
  public Reply serve(Request request, Chain next) {
    Record original = request.question();
    Question question = new Question(original);
    List<ResponseRule> responseRules = new ArrayList<>();
    boolean rewritten = false;
    for (Rule rule : rules) {
      Optional<List<ResponseRule>> matched = rule.rewrite(question);
      if (matched.isEmpty()) continue;
      Optional<Record> asked = question.record();
      if (asked.isEmpty()) {
        return Reply.Failure.of(Rcode.SERVFAIL, RewriteSetup.NAME, "invalid name after rewrite: " + question.rawName());
      }
      responseRules.addAll(matched.get());
      rewritten = true;
      if (rule.stop()) {
        Reply reply = next.serve(withQuestion(request, asked.get()));
        if (reply instanceof Reply.Answer a) return new Reply.Answer(reverted(a.message(), original, responseRules), a.plugin());
        // nothing written below: CoreDNS writes the rcode itself, through its reverter, so the rules apply to it too
        Message empty = empty(request.query(), ((Reply.Failure) reply).rcode());
        return new Reply.Answer(reverted(empty, original, responseRules), RewriteSetup.NAME);
      }
    }
    if (!rewritten) return next.serve(request);
    Reply reply = next.serve(withQuestion(request, question.record().orElseThrow()));
    if (reply instanceof Reply.Answer a) return new Reply.Answer(reverted(a.message(), original, responseRules), a.plugin());
    return reply;
  }

  private static Request withQuestion(Request request, Record question) {
    Message q = request.query().clone();
    q.removeAllRecords(Section.QUESTION);
    q.addRecord(question, Section.QUESTION);
    return request.withQuery(q);
  }

  /** A copy (the original may sit in a cache) with the question as asked and the response rules applied. */
  static Message reverted(Message response, Record question, List<ResponseRule> rules) {
    Message m = response.clone();
    m.removeAllRecords(Section.QUESTION);
    m.addRecord(question, Section.QUESTION);
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
      List<Record> records = m.getSection(section);
      m.removeAllRecords(section);
      for (Record rr : records) {
        Record out = rr;
        if (!(rr instanceof OPTRecord)) for (ResponseRule rule : rules) out = rule.record(out);
        m.addRecord(out, section);
      }
    }
    for (ResponseRule rule : rules) rule.message(m);
    return m;
  }

  private static Message empty(Message query, int rcode) {
    Message m = new Message(query.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    if (query.getHeader().getFlag(Flags.RD)) m.getHeader().setFlag(Flags.RD);
    m.getHeader().setRcode(rcode);
    m.addRecord(query.getQuestion(), Section.QUESTION);
    return m;
  }
}
