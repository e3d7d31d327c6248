package dev.netkube.dns.plugin.rewrite;

import java.util.List;
import java.util.Optional;

/** {@code class FROM TO}: a query of class FROM asks TO instead. */
record ClassRule(boolean stop, int from, int to) implements Rule {
  @Override
  public Optional<List<ResponseRule>> rewrite(Question question) {
    if (question.dclass() != from) return Optional.empty();
    question.dclass(to);
    return Optional.of(List.of());
  }
}
