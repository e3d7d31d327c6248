package dev.netkube.dns.plugin.rewrite;

import java.util.List;
import java.util.Optional;

/** {@code type FROM TO}: a query of type FROM asks TO instead; the answer goes back as it comes. */
record TypeRule(boolean stop, int from, int to) implements Rule {
  @Override
  public Optional<List<ResponseRule>> rewrite(Question question) {
    if (question.type() != from) return Optional.empty();
    question.type(to);
    return Optional.of(List.of());
  }
}
