package dev.netkube.agent.images;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Kubernetes' {@code $(VAR)} expansion of command, args and env values (third_party/forked/golang/expansion):
 * {@code $(NAME)} becomes the value of NAME when it is defined and stays as written when not; {@code $$} is one
 * literal {@code $}; a {@code $} before anything else, an unterminated {@code $(} and shell syntax ({@code ${X}},
 * {@code $X}) pass through unchanged. There is no recursion: a value that itself holds {@code $(X)} is not expanded again.
 */
public final class Expansion {
  private Expansion() {}

  public static String expand(String input, Function<String, Optional<String>> lookup) {
    StringBuilder out = new StringBuilder(input.length());
    int i = 0;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c != '$' || i + 1 >= input.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = input.charAt(i + 1);
      if (next == '$') { // escaped operator
        out.append('$');
        i += 2;
      } else if (next == '(') {
        int close = input.indexOf(')', i + 2);
        if (close < 0) { // incomplete reference: keep "$(" and go on after it
          out.append("$(");
          i += 2;
        } else {
          String name = input.substring(i + 2, close);
          out.append(lookup.apply(name).orElse("$(" + name + ")"));
          i = close + 1;
        }
      } else { // a lone operator: keep it and the character after it
        out.append('$').append(next);
        i += 2;
      }
    }
    return out.toString();
  }

  /** Lookup in each map in turn (kubelet's {@code MappingFuncFor(context...)}). */
  @SafeVarargs
  public static Function<String, Optional<String>> lookupIn(Map<String, String>... contexts) {
    List<Map<String, String>> list = List.of(contexts);
    return name -> {
      for (Map<String, String> m : list) if (m.containsKey(name)) return Optional.of(m.get(name));
      return Optional.empty();
    };
  }

  public static String expand(String input, Map<String, String> vars) { return expand(input, lookupIn(vars)); }
}
