package dev.netkube.agent.streaming;

import java.util.List;
import java.util.Map;

/**
 * The streams an exec or attach asked for, from kubelet's query parameters (input, output,
 * error, tty = "1") and the command. As kubelet does, a TTY drops stderr (the terminal carries it).
 */
record CommandOptions(boolean stdin, boolean stdout, boolean stderr, boolean tty, List<String> command) {

  static CommandOptions parse(Map<String, List<String>> query) throws StreamingException {
    boolean tty = one(query, "tty");
    boolean stdin = one(query, "input");
    boolean stdout = one(query, "output");
    boolean stderr = one(query, "error") && !tty;
    if (!stdin && !stdout && !stderr) {
      throw new StreamingException(400, "you must specify at least 1 of stdin, stdout, stderr");
    }
    return new CommandOptions(stdin, stdout, stderr, tty, List.copyOf(query.getOrDefault("command", List.of())));
  }

  private static boolean one(Map<String, List<String>> query, String name) {
    List<String> v = query.get(name);
    return v != null && !v.isEmpty() && v.get(0).equals("1");
  }
}
