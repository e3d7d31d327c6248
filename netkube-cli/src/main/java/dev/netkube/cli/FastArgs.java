package dev.netkube.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The options of a command on the start path ({@code up}, {@code server}), parsed without
 * picocli. picocli builds its whole command model by reflection, and its classes (Java 5 class
 * files) cannot go into a class data sharing archive: that costs each JVM 200–400 ms. This parser
 * only takes command lines it is sure about: every argument a known {@code --name value} or
 * {@code --name=value}, a single-valued option at most once, no empty list items, no value that
 * looks like an option. For anything else (help, a typo, a bad value) it answers empty and the
 * caller hands the command line to picocli, which parses it the usual way and words the errors.
 */
public final class FastArgs {
  private static final Pattern PLAIN_INT = Pattern.compile("0|[1-9][0-9]{0,8}");

  private final Map<String, String> single = new HashMap<>();
  private final Map<String, List<String>> lists = new HashMap<>();

  private FastArgs() {}

  /** Parses {@code args}; empty when picocli should. Pure. */
  public static Optional<FastArgs> parse(List<String> args, Set<String> singleOptions, Set<String> listOptions) {
    FastArgs parsed = new FastArgs();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name;
      String value;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else {
        if (i + 1 >= args.size()) return Optional.empty();
        name = arg;
        value = args.get(++i);
      }
      if (value.isEmpty() || value.startsWith("-")) return Optional.empty();
      if (singleOptions.contains(name)) {
        if (parsed.single.putIfAbsent(name, value) != null) return Optional.empty();
      } else if (listOptions.contains(name)) {
        for (String item : value.split(",", -1)) {
          if (item.isEmpty()) return Optional.empty();
          parsed.lists.computeIfAbsent(name, n -> new ArrayList<>()).add(item);
        }
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(parsed);
  }

  public Optional<String> value(String name) {
    return Optional.ofNullable(single.get(name));
  }

  /** The items of a list option (every occurrence, split at commas); empty when not given. */
  public List<String> list(String name) {
    return lists.getOrDefault(name, List.of());
  }

  /**
   * An int option: {@code fallback} when absent; null when the value is not a plain decimal
   * (picocli decides then, e.g. about "0x10" or "010").
   */
  public Integer intValue(String name, int fallback) {
    String value = single.get(name);
    if (value == null) return fallback;
    return PLAIN_INT.matcher(value).matches() ? Integer.valueOf(value) : null;
  }
}
