package dev.netkube.dns.plugin.rewrite;

import java.util.regex.Pattern;

/** How a rule matches the question's name: exact, prefix, suffix, substring or regex (found anywhere). */
record NameMatch(Kind kind, String text, Pattern pattern) {
  enum Kind {
    EXACT, PREFIX, SUFFIX, SUBSTRING, REGEX;

    static java.util.Optional<Kind> of(String word) {
      for (Kind k : values()) if (k.name().equalsIgnoreCase(word)) return java.util.Optional.of(k);
      return java.util.Optional.empty();
    }
  }

  boolean matches(String name) {
    return switch (kind) {
      case EXACT -> name.equals(text);
      case PREFIX -> name.startsWith(text);
      case SUFFIX -> name.endsWith(text);
      case SUBSTRING -> name.contains(text);
      case REGEX -> pattern.matcher(name).find();
    };
  }
}
