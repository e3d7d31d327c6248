package dev.netkube.cli;

import java.time.Duration;

/** Durations as people read them: "850 ms", "1.4 s", "3m12s", "2h5m", "3d4h". */
public final class Durations {
  private Durations() {}

  public static String elapsed(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) return ms + " ms";
    return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  public static String uptime(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) return s + "s";
    if (s < 3600) return s / 60 + "m" + s % 60 + "s";
    if (s < 86400) return s / 3600 + "h" + s % 3600 / 60 + "m";
    return s / 86400 + "d" + s % 86400 / 3600 + "h";
  }
}
