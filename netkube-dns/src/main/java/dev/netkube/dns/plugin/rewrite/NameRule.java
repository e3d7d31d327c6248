package dev.netkube.dns.plugin.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * {@code name [exact|prefix|suffix|substring|regex] FROM TO [answer ...]}: the question's name rewritten. Its
 * response rules: with {@code auto} (always for exact) the new name, and names under it, mapped back to the asked
 * one in owner names and values; a suffix rule's auto swaps its suffixes back; then the explicit {@code answer name}
 * and {@code answer value} rewriters.
 */
record NameRule(boolean stop, NameMatch match, String to, boolean auto, List<ResponseRule> answers) implements Rule {
  NameRule {
    answers = List.copyOf(answers);
  }

  @Override
  public Optional<List<ResponseRule>> rewrite(Question question) {
    String name = question.name();
    if (!match.matches(name)) return Optional.empty();
    String rewritten = switch (match.kind()) {
      case EXACT -> to;
      case PREFIX -> to + name.substring(match.text().length());
      case SUFFIX -> name.substring(0, name.length() - match.text().length()) + to;
      case SUBSTRING -> name.replace(match.text(), to);
      case REGEX -> {
        Matcher m = match.pattern().matcher(name);
        m.find();
        yield Groups.fill(to, m);
      }
    };
    question.name(rewritten);
    if (!auto) return Optional.of(answers);
    StringRewriter back = StringRewriter.remap(rewritten, name);
    List<ResponseRule> rules = new ArrayList<>(List.of(back.onNames(), back.onValues()));
    rules.addAll(answers);
    return Optional.of(rules);
  }
}
