package dev.netkube.dns.plugin.rewrite;

import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Record;

/** {@code ttl [MATCH] NAME SECONDS|MIN-MAX}: the response's TTLs raised to MIN and cut to MAX for matching names. */
record TtlRule(boolean stop, NameMatch match, long min, long max) implements Rule {
  @Override
  public Optional<List<ResponseRule>> rewrite(Question question) {
    if (!match.matches(question.name())) return Optional.empty();
    return Optional.of(List.of(new ResponseRule() {
      @Override public Record record(Record rr) {
        if (rr.getTTL() < min) return Records.withTtl(rr, min);
        if (rr.getTTL() > max) return Records.withTtl(rr, max);
        return rr;
      }
    }));
  }
}
