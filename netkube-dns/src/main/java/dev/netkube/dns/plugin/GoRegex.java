package dev.netkube.dns.plugin;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Corefile's regular expression (Go's RE2 syntax) as a Java pattern: Go's named groups {@code (?P<name>...)} are
 * Java's {@code (?<name>...)}; the rest of what the plugins' docs use (classes, anchors, groups, repetition) reads
 * the same. Matching is Go's {@code FindStringSubmatch}: anywhere in the string, leftmost first.
 */
public final class GoRegex {
  private GoRegex() {}

  public static Pattern compile(String regex) throws PatternSyntaxException {
    return Pattern.compile(regex.replace("(?P<", "(?<"));
  }
}
