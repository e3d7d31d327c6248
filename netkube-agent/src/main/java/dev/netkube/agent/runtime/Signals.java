package dev.netkube.agent.runtime;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/** Linux signal numbers by name, as images' STOPSIGNAL writes them ({@code SIGQUIT}, {@code QUIT} or {@code 3}). */
public final class Signals {
  private Signals() {}

  public static final int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGUSR1 = 10, SIGUSR2 = 12, SIGTERM = 15, SIGWINCH = 28;

  private static final Map<String, Integer> BY_NAME = Map.ofEntries(
      Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("TRAP", 5),
      Map.entry("ABRT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10),
      Map.entry("SEGV", 11), Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
      Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20),
      Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23), Map.entry("XCPU", 24), Map.entry("XFSZ", 25),
      Map.entry("VTALRM", 26), Map.entry("PROF", 27), Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("PWR", 30),
      Map.entry("SYS", 31));

  public static OptionalInt number(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT);
    if (n.chars().allMatch(Character::isDigit) && !n.isEmpty()) {
      int v = Integer.parseInt(n);
      return v >= 1 && v <= 64 ? OptionalInt.of(v) : OptionalInt.empty();
    }
    if (n.startsWith("SIG")) n = n.substring(3);
    Integer v = BY_NAME.get(n);
    return v == null ? OptionalInt.empty() : OptionalInt.of(v);
  }
}
