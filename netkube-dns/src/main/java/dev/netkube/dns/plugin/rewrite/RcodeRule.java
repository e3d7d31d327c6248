package dev.netkube.dns.plugin.rewrite;

import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Message;

/**
 * {@code rcode [MATCH] NAME FROM TO}: a response with rcode FROM for a matching name gets TO. Applied to the message,
 * also when it has no records (CoreDNS 1.11 applied it per record, so an empty SERVFAIL kept its rcode; later
 * CoreDNS fixed that, coredns#8421, and netkube does as the fix).
 */
record RcodeRule(boolean stop, NameMatch match, int from, int to) implements Rule {
  @Override
  public Optional<List<ResponseRule>> rewrite(Question question) {
    if (!match.matches(question.name())) return Optional.empty();
    return Optional.of(List.of(new ResponseRule() {
      @Override public void message(Message response) {
        if (response.getRcode() == from) response.getHeader().setRcode(to);
      }
    }));
  }
}
