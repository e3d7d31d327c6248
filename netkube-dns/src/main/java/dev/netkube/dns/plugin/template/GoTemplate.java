package dev.netkube.dns.plugin.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The part of Go's text/template that CoreDNS's template docs use, compiled once at load: text with actions
 * {@code {{ .Name }}}, {@code .Zone .Class .Type .Regex .Remote .Message .Message.Id .Question .Question.Name},
 * {@code .Group.KEY}, {@code .Match}, {@code index .Match N}, {@code index .Group "KEY"}, {@code .Meta "KEY"} (empty:
 * netkube has no metadata plugin), {@code parseInt ARG BASE BITS}, comments, and {@code {{-}} / {{- -}}} trimming.
 * Anything else (pipelines, variables, if/range/with, other functions) is refused when the Corefile loads.
 */
final class GoTemplate {
  /** A template that does not compile; the message says what netkube's templates take. */
  static final class CompileException extends Exception {
    CompileException(String message) { super(message); }
  }

  /** Executing failed (an index out of range, parseInt of a non-number): CoreDNS answers SERVFAIL. */
  static final class ExecException extends Exception {
    ExecException(String message) { super(message); }
  }

  private sealed interface Part permits Text, Action {}

  private record Text(String text) implements Part {}

  private record Action(Expr expr) implements Part {}

  private sealed interface Expr permits Field, Index, Meta, ParseInt, Literal {}

  /** {@code .A.B}: a path of field names. */
  private record Field(List<String> path) implements Expr {}

  private record Index(Field of, Expr key) implements Expr {}

  private record Meta(Expr key) implements Expr {}

  private record ParseInt(Expr value, Expr base, Expr bits) implements Expr {}

  private record Literal(String value) implements Expr {}

  private static final Pattern ACTION = Pattern.compile("\\{\\{(-\\s)?(.*?)(\\s-)?}}", Pattern.DOTALL);
  private static final Pattern TOKEN = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|`([^`]*)`|(\\S+)");

  private final String source;
  private final List<Part> parts;

  private GoTemplate(String source, List<Part> parts) {
    this.source = source;
    this.parts = List.copyOf(parts);
  }

  String source() { return source; }

  static GoTemplate compile(String text) throws CompileException {
    List<Part> parts = new ArrayList<>();
    Matcher m = ACTION.matcher(text);
    int at = 0;
    boolean trimNext = false;
    while (m.find()) {
      String before = text.substring(at, m.start());
      if (trimNext) before = before.stripLeading();
      if (m.group(1) != null) before = before.stripTrailing();
      if (!before.isEmpty()) parts.add(new Text(before));
      String body = m.group(2).strip();
      if (!(body.startsWith("/*") && body.endsWith("*/"))) parts.add(new Action(expr(body)));
      trimNext = m.group(3) != null;
      at = m.end();
    }
    String rest = text.substring(at);
    if (trimNext) rest = rest.stripLeading();
    if (rest.contains("{{")) throw new CompileException("unclosed action");
    if (!rest.isEmpty()) parts.add(new Text(rest));
    return new GoTemplate(text, parts);
  }

  private static Expr expr(String body) throws CompileException {
    List<String> words = new ArrayList<>();
    Matcher t = TOKEN.matcher(body);
    while (t.find()) words.add(t.group());
    if (words.isEmpty()) throw new CompileException("missing value for command");
    String head = words.get(0);
    List<String> args = words.subList(1, words.size());
    switch (head) {
      case "index" -> {
        if (args.size() != 2 || !(term(args.get(0)) instanceof Field f)) throw unsupported(body);
        return new Index(f, term(args.get(1)));
      }
      case "parseInt" -> {
        if (args.size() != 3) throw new CompileException("wrong number of args for parseInt: want 3 got " + args.size());
        return new ParseInt(term(args.get(0)), term(args.get(1)), term(args.get(2)));
      }
      default -> {
        if (head.equals(".Meta")) {
          if (args.size() != 1) throw unsupported(body);
          return new Meta(term(args.get(0)));
        }
        if (!args.isEmpty()) throw unsupported(body);
        return term(head);
      }
    }
  }

  private static Expr term(String word) throws CompileException {
    if (word.startsWith("\"") && word.endsWith("\"") && word.length() >= 2) {
      return new Literal(word.substring(1, word.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    if (word.startsWith("`") && word.endsWith("`") && word.length() >= 2) return new Literal(word.substring(1, word.length() - 1));
    if (word.matches("-?\\d+")) return new Literal(word);
    if (word.matches("(\\.[A-Za-z0-9_]+)+")) {
      List<String> path = List.of(word.substring(1).split("\\."));
      String top = path.get(0);
      boolean known = switch (top) {
        case "Zone", "Name", "Regex", "Class", "Type", "Remote", "Match" -> path.size() == 1;
        case "Group" -> path.size() <= 2;
        case "Message" -> path.size() == 1 || (path.size() == 2 && path.get(1).equals("Id"));
        case "Question" -> path.size() == 1 || (path.size() == 2 && path.get(1).equals("Name"));
        default -> false;
      };
      if (!known) throw new CompileException("can't evaluate field " + word + ": netkube's templates know .Zone .Name .Regex"
          + " .Class .Type .Remote .Match .Group[.KEY] .Message[.Id] .Question[.Name]");
      return new Field(path);
    }
    throw unsupported(word);
  }

  private static CompileException unsupported(String what) {
    return new CompileException("\"" + what + "\" is not supported by netkube's templates (they take fields such as"
        + " {{ .Name }}, index, parseInt and .Meta, not pipelines, variables, if/range/with or other functions)");
  }

  String execute(TemplateData data) throws ExecException {
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      if (p instanceof Text t) out.append(t.text());
      else out.append(value(((Action) p).expr(), data));
    }
    return out.toString();
  }

  private static String value(Expr e, TemplateData d) throws ExecException {
    if (e instanceof Literal l) return l.value();
    if (e instanceof Meta) return ""; // no metadata plugin: CoreDNS's .Meta gives "" then
    if (e instanceof Field f) return field(f.path(), d);
    if (e instanceof Index i) {
      String key = value(i.key(), d);
      if (i.of().path().equals(List.of("Match"))) {
        int n;
        try {
          n = Integer.parseInt(key);
        } catch (NumberFormatException ex) {
          throw new ExecException("error calling index: cannot index slice/array with type string");
        }
        if (n < 0 || n >= d.match().size()) throw new ExecException("error calling index: index out of range: " + n);
        return d.match().get(n);
      }
      if (i.of().path().equals(List.of("Group"))) return d.group().getOrDefault(key, "");
      throw new ExecException("error calling index: can't index item of type string");
    }
    ParseInt p = (ParseInt) e;
    String s = value(p.value(), d);
    try {
      int base = Integer.parseInt(value(p.base(), d));
      int bits = Integer.parseInt(value(p.bits(), d));
      long v = Long.parseUnsignedLong(s, base == 0 ? 10 : base);
      if (bits < 64 && Long.compareUnsigned(v, (1L << bits) - 1) > 0) throw new NumberFormatException();
      return Long.toUnsignedString(v);
    } catch (NumberFormatException ex) {
      throw new ExecException("error calling parseInt: strconv.ParseUint: parsing \"" + s + "\": invalid syntax");
    }
  }

  private static String field(List<String> path, TemplateData d) {
    return switch (path.get(0)) {
      case "Zone" -> d.zone();
      case "Name" -> d.name();
      case "Regex" -> d.regex();
      case "Class" -> d.dclass();
      case "Type" -> d.type();
      case "Remote" -> d.remote();
      case "Match" -> "[" + String.join(" ", d.match()) + "]"; // Go prints a slice so
      case "Group" -> path.size() == 1 ? goMap(d) : d.group().getOrDefault(path.get(1), "<no value>");
      case "Message" -> path.size() == 2 ? Integer.toString(d.message().getHeader().getID()) : d.message().toString();
      case "Question" -> {
        Record q = d.message().getQuestion();
        yield path.size() == 2 ? q.getName().toString()
            : ";" + q.getName() + "\t" + DClass.string(q.getDClass()) + "\t " + Type.string(q.getType());
      }
      default -> "";
    };
  }

  /** Go's map printing: {@code map[0:a 1:b]} with sorted keys. */
  private static String goMap(TemplateData d) {
    StringBuilder sb = new StringBuilder("map[");
    d.group().keySet().stream().sorted().forEach(k -> sb.append(sb.length() > 4 ? " " : "").append(k).append(':').append(d.group().get(k)));
    return sb.append(']').toString();
  }
}
