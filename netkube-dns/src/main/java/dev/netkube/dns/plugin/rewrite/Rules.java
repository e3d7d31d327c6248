package dev.netkube.dns.plugin.rewrite;

import dev.netkube.dns.plugin.GoRegex;
import dev.netkube.dns.plugin.Rcodes;
import dev.netkube.dns.plugin.rewrite.NameMatch.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/** One rule's words → a rule, as CoreDNS's newRule and its field parsers; an error's message is CoreDNS's. */
final class Rules {
  private Rules() {}

  /** A rule that cannot be built; the message is CoreDNS's (or netkube's, for what netkube does not do). */
  static final class RuleException extends Exception {
    RuleException(String message) { super(message); }
  }

  static Rule parse(List<String> args) throws RuleException {
    if (args.isEmpty()) throw new RuleException("no rule type specified for rewrite");
    String arg0 = args.get(0).toLowerCase(Locale.ROOT);
    boolean stop = true;
    int start = 1;
    if (arg0.equals("continue") || arg0.equals("stop")) {
      stop = arg0.equals("stop");
      if (args.size() < 2) throw new RuleException(arg0 + " rule must begin with a rule type");
      start = 2;
    }
    String type = args.get(start - 1).toLowerCase(Locale.ROOT);
    List<String> rest = args.subList(start, args.size());
    return switch (type) {
      case "answer" -> throw new RuleException("response rewrites must begin with a name rule");
      case "name" -> name(stop, rest);
      case "class" -> {
        exactlyTwo(type, rest);
        yield new ClassRule(stop, dclass(rest.get(0)), dclass(rest.get(1)));
      }
      case "type" -> {
        exactlyTwo(type, rest);
        yield new TypeRule(stop, type(rest.get(0)), type(rest.get(1)));
      }
      case "ttl" -> ttl(stop, rest);
      case "rcode" -> rcode(stop, rest);
      // netkube's choice: refused at load rather than accepted and ignored
      case "edns0" -> throw new RuleException("edns0 rules are not supported by netkube (its server passes no EDNS0 options to the plugins)");
      case "cname" -> throw new RuleException("cname rules are not supported by netkube");
      default -> throw new RuleException("invalid rule type \"" + args.get(0) + "\"");
    };
  }

  private static void exactlyTwo(String type, List<String> rest) throws RuleException {
    if (rest.size() != 2) throw new RuleException(type + " rules must have exactly two arguments");
  }

  private static int dclass(String s) throws RuleException {
    String u = s.toUpperCase(Locale.ROOT);
    int v = DClass.value(u);
    if (v < 0 || u.startsWith("CLASS")) throw new RuleException("invalid class \"" + u + "\"");
    return v;
  }

  private static int type(String s) throws RuleException {
    String u = s.toUpperCase(Locale.ROOT);
    int v = Type.value(u);
    if (v < 0 || u.startsWith("TYPE")) throw new RuleException("invalid type \"" + u + "\"");
    return v;
  }

  static String normalize(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower : lower + ".";
  }

  private static Rule name(boolean stop, List<String> args) throws RuleException {
    if (args.size() < 2) throw new RuleException("too few arguments for a name rule");
    String matchType;
    String from;
    String to;
    if (args.size() == 2) {
      matchType = "exact";
      from = normalize(args.get(0));
      to = normalize(args.get(1));
    } else {
      matchType = args.get(0).toLowerCase(Locale.ROOT);
      boolean regex = matchType.equals("regex");
      from = regex ? args.get(1) : normalize(args.get(1));
      to = regex ? args.get(2) : normalize(args.get(2));
    }
    boolean auto = false;
    List<ResponseRule> answers = new ArrayList<>();
    if (args.size() > 3) auto = answerRules(matchType, args.subList(3, args.size()), answers);
    Optional<Kind> kind = Kind.of(matchType);
    if (kind.isEmpty()) {
      throw new RuleException("name rule supports only exact, prefix, suffix, substring, and regex name matching, received: " + matchType);
    }
    return switch (kind.get()) {
      case EXACT -> {
        regex(to, from); // CoreDNS checks the pair this way round for exact rules
        yield new NameRule(stop, new NameMatch(Kind.EXACT, from, null), to, true, answers);
      }
      case SUFFIX -> {
        List<ResponseRule> rules = new ArrayList<>();
        if (auto) {
          StringRewriter back = StringRewriter.suffix(to, from); // the suffixes swapped back: better than a remap
          rules.add(back.onNames());
          rules.add(back.onValues());
        }
        rules.addAll(answers);
        yield new NameRule(stop, new NameMatch(Kind.SUFFIX, from, null), to, false, rules);
      }
      case PREFIX, SUBSTRING -> new NameRule(stop, new NameMatch(kind.get(), from, null), to, auto, answers);
      case REGEX -> new NameRule(stop, new NameMatch(Kind.REGEX, from, regex(from, to)), normalize(to), auto, answers);
    };
  }

  /** CoreDNS's parseAnswerRules: {@code answer auto | answer name FROM TO | answer value FROM TO}, repeated. */
  private static boolean answerRules(String name, List<String> args, List<ResponseRule> out) throws RuleException {
    if (args.size() < 2) throw new RuleException("invalid arguments for " + name + " rule");
    boolean auto = false;
    int nameRules = 0;
    String last = "";
    int i = 0;
    while (i < args.size()) {
      if (last.isEmpty() && !args.get(i).equals("answer")) {
        throw new RuleException("exceeded the number of arguments for a non-answer rule argument for " + name + " rule");
      }
      if (args.get(i).equals("answer")) i++;
      if (i == args.size()) throw new RuleException("type missing for answer rule for " + name + " rule");
      last = args.get(i++);
      switch (last) {
        case "auto" -> auto = true;
        case "name", "value" -> {
          if (args.size() - i < 2) throw new RuleException(last + " answer rule for " + name + " rule: 2 arguments required");
          Pattern from;
          try {
            from = regex(args.get(i), args.get(i + 1));
          } catch (RuleException e) {
            throw new RuleException(last + " answer rule for " + name + " rule: " + e.getMessage());
          }
          StringRewriter rewriter = StringRewriter.regex(from, normalize(args.get(i + 1)));
          out.add(last.equals("name") ? rewriter.onNames() : rewriter.onValues());
          if (last.equals("name")) nameRules++;
          i += 2;
        }
        default -> throw new RuleException("invalid type \"" + last + "\" for answer rule for " + name + " rule");
      }
    }
    if (auto && nameRules > 0) {
      throw new RuleException("auto name answer rule cannot be combined with explicit name anwer rules");
    }
    return auto;
  }

  /** CoreDNS's isValidRegexPattern: it compiles, and the replacement uses no more groups than it has. */
  private static Pattern regex(String from, String to) throws RuleException {
    Pattern p;
    try {
      p = GoRegex.compile(from);
    } catch (PatternSyntaxException e) {
      throw new RuleException("invalid regex matching pattern: " + from);
    }
    if (Groups.used(to) > p.matcher("").groupCount()) {
      throw new RuleException("the rewrite regex pattern (" + to + ") uses more subexpressions than its corresponding matching regex pattern (" + from + ")");
    }
    return p;
  }

  /** For ttl and rcode rules: {@code [TYPE] NAME}, with their own regex wording. */
  private static NameMatch match(String field, String kind, String text) throws RuleException {
    Optional<Kind> k = Kind.of(kind);
    if (k.isEmpty()) throw new RuleException(field + " rule supports only exact, prefix, suffix, substring, and regex name matching");
    if (k.get() != Kind.REGEX) return new NameMatch(k.get(), normalize(text), null);
    try {
      return new NameMatch(Kind.REGEX, text, GoRegex.compile(text));
    } catch (PatternSyntaxException e) {
      throw new RuleException("invalid regex pattern in a " + field + " rule: " + text);
    }
  }

  private static Rule ttl(boolean stop, List<String> args) throws RuleException {
    if (args.size() < 2) throw new RuleException("too few (" + args.size() + ") arguments for a ttl rule");
    String s = args.size() == 2 ? args.get(1) : args.size() == 3 ? args.get(2) : "";
    long[] range = ttlRange(s).orElseThrow(() -> new RuleException("invalid TTL '" + s + "' for a ttl rule"));
    if (args.size() > 3) throw new RuleException("many few arguments for a ttl rule");
    NameMatch m = args.size() == 3 ? match("ttl", args.get(0), args.get(1)) : new NameMatch(Kind.EXACT, normalize(args.get(0)), null);
    return new TtlRule(stop, m, range[0], range[1]);
  }

  /** {@code SECONDS}, {@code MIN-MAX}, {@code -MAX} or {@code MIN-}; never just {@code -}, never MIN above MAX. */
  static Optional<long[]> ttlRange(String v) {
    String[] parts = v.split("-", -1);
    try {
      if (parts.length == 1) {
        long t = uint32(parts[0]);
        return Optional.of(new long[] {t, t});
      }
      if (parts.length != 2 || (parts[0].isEmpty() && parts[1].isEmpty())) return Optional.empty();
      long min = parts[0].isEmpty() ? 0 : uint32(parts[0]);
      long max = parts[1].isEmpty() ? 2147483647L : uint32(parts[1]);
      return min > max ? Optional.empty() : Optional.of(new long[] {min, max});
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static long uint32(String s) {
    if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) throw new NumberFormatException(s);
    long v = Long.parseLong(s);
    if (v > 0xFFFFFFFFL) throw new NumberFormatException(s);
    return v;
  }

  private static Rule rcode(boolean stop, List<String> args) throws RuleException {
    if (args.size() < 3) throw new RuleException("too few (" + args.size() + ") arguments for a rcode rule");
    String oldText = args.size() == 3 ? args.get(1) : args.size() == 4 ? args.get(2) : "";
    String newText = args.size() == 3 ? args.get(2) : args.size() == 4 ? args.get(3) : "";
    int from = rcodeValue(oldText).orElseThrow(() -> new RuleException("invalid matching RCODE '" + oldText + "' for a rcode rule"));
    int to = rcodeValue(newText).orElseThrow(() -> new RuleException("invalid replacement RCODE '" + newText + "' for a rcode rule"));
    if (args.size() > 4) throw new RuleException("many few arguments for a rcode rule");
    NameMatch m = args.size() == 4 ? match("rcode", args.get(0), args.get(1)) : new NameMatch(Kind.EXACT, normalize(args.get(0)), null);
    return new RcodeRule(stop, m, from, to);
  }

  /** 0..23, or a name of miekg/dns's StringToRcode. */
  static Optional<Integer> rcodeValue(String v) {
    if (!v.isEmpty() && v.length() < 10 && v.chars().allMatch(Character::isDigit)) {
      int i = Integer.parseInt(v);
      if (i <= 23) return Optional.of(i);
    }
    return Rcodes.byName(v.toUpperCase(Locale.ROOT));
  }
}
