package dev.netkube.dns.plugin.rewrite;

import java.util.List;
import java.util.Optional;

/** One rewrite rule: it changes the question or not; when it did, the response rules to apply on the way back. */
interface Rule {
  /** {@code stop} (the default) ends the rule list after this rule matched; {@code continue} goes on to the next. */
  boolean stop();

  /** Empty when the rule does not apply (CoreDNS's RewriteIgnored). */
  Optional<List<ResponseRule>> rewrite(Question question);
}
