package dev.netkube.agent.runtime.process;

/** POSIX shell quoting. */
public final class Shell {
  private Shell() {}

  /** {@code s} as one word of a /bin/sh script, whatever it holds. */
  public static String quote(String s) { return "'" + s.replace("'", "'\\''") + "'"; }
}
