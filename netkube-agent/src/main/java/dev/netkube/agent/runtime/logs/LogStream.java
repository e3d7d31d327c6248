package dev.netkube.agent.runtime.logs;

/** Which output of a container a log line came from, as the CRI log format names it. */
public enum LogStream {
  STDOUT("stdout"), STDERR("stderr");

  private final String tag;

  LogStream(String tag) { this.tag = tag; }

  public String tag() { return tag; }

  public static LogStream of(String tag) {
    return switch (tag) {
      case "stdout" -> STDOUT;
      case "stderr" -> STDERR;
      default -> throw new IllegalArgumentException("unknown stream type: " + tag);
    };
  }
}
