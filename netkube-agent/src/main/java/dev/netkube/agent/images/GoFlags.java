package dev.netkube.agent.images;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Go's {@code flag} package as a program built with it parses its arguments (pure): {@code -name value},
 * {@code -name=value}, {@code --name} alike; booleans take no value unless written {@code -name=false}; parsing
 * stops at the first non-flag argument or after {@code --}. Errors read as Go prints them, followed by the usage.
 */
public final class GoFlags {
  public enum Kind { STRING, BOOL, INT }

  public record Flag(String name, Kind kind, String defaultValue, String usage) {}

  /** Parse outcome: the values and the remaining arguments, or what the program prints and its exit code. */
  public sealed interface Result permits Parsed, Failed {}

  public record Parsed(Map<String, String> values, List<String> rest) implements Result {
    public String get(String name) { return values.get(name); }
  }

  /** {@code exitCode} is 2 for a bad flag and 0 for -h/-help (flag.ExitOnError). */
  public record Failed(String stderr, int exitCode) implements Result {}

  private final String program;
  private final Map<String, Flag> flags = new TreeMap<>();

  public GoFlags(String program, List<Flag> flags) {
    this.program = program;
    for (Flag f : flags) this.flags.put(f.name(), f);
  }

  public Result parse(List<String> args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Flag f : flags.values()) values.put(f.name(), f.defaultValue());
    int i = 0;
    while (i < args.size()) {
      String s = args.get(i);
      if (s.length() < 2 || s.charAt(0) != '-') break;
      int minuses = 1;
      if (s.charAt(1) == '-') {
        minuses++;
        if (s.length() == 2) { // "--" terminates the flags
          i++;
          break;
        }
      }
      String name = s.substring(minuses);
      if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') return fail("bad flag syntax: " + s);
      i++;
      Optional<String> value = Optional.empty();
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = Optional.of(name.substring(eq + 1));
        name = name.substring(0, eq);
      }
      Flag flag = flags.get(name);
      if (flag == null) {
        if (name.equals("help") || name.equals("h")) return new Failed(usage(), 0);
        return fail("flag provided but not defined: -" + name);
      }
      if (flag.kind() == Kind.BOOL) {
        String v = value.orElse("true");
        Optional<Boolean> b = parseBool(v);
        if (b.isEmpty()) return fail("invalid boolean value \"" + v + "\" for -" + name + ": parse error");
        values.put(name, b.get().toString());
        continue;
      }
      if (value.isEmpty()) {
        if (i >= args.size()) return fail("flag needs an argument: -" + name);
        value = Optional.of(args.get(i++));
      }
      if (flag.kind() == Kind.INT && !isInt(value.get())) {
        return fail("invalid value \"" + value.get() + "\" for flag -" + name + ": parse error");
      }
      values.put(name, value.get());
    }
    return new Parsed(values, List.copyOf(new ArrayList<>(args.subList(i, args.size()))));
  }

  private Failed fail(String message) { return new Failed(message + "\n" + usage(), 2); }

  /** flag.PrintDefaults after "Usage of <program>:". */
  public String usage() {
    StringBuilder s = new StringBuilder("Usage of ").append(program).append(":\n");
    for (Flag f : flags.values()) {
      s.append("  -").append(f.name());
      if (f.kind() == Kind.STRING) s.append(" string");
      if (f.kind() == Kind.INT) s.append(" int");
      s.append("\n    \t").append(f.usage());
      boolean zero = f.defaultValue().isEmpty() || (f.kind() == Kind.BOOL && f.defaultValue().equals("false"))
          || (f.kind() == Kind.INT && f.defaultValue().equals("0"));
      if (!zero) s.append(f.kind() == Kind.STRING ? " (default \"" + f.defaultValue() + "\")" : " (default " + f.defaultValue() + ")");
      s.append('\n');
    }
    return s.toString();
  }

  private static Optional<Boolean> parseBool(String v) {
    return switch (v) {
      case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
      case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  private static boolean isInt(String v) {
    try {
      Long.decode(v.startsWith("+") ? v.substring(1) : v);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
