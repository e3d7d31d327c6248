package dev.netkube.model.table;

import java.time.Duration;

/** apimachinery's duration.HumanDuration / ShortHumanDuration: the AGE text kubectl users know. */
public final class HumanDuration {
  private HumanDuration() {}

  /** ~2-3 significant figures: "45s", "5m3s", "15m", "3h20m", "10h", "2d3h", "45d", "2y10d", "9y". */
  public static String format(Duration d) {
    long seconds = d.getSeconds(); // truncates toward negative infinity; Go truncates toward zero
    if (d.isNegative() && d.getNano() != 0) seconds += 1;
    // A clock skew of under two seconds still reads as "now".
    if (seconds < -1) return "<invalid>";
    if (seconds < 0) return "0s";
    if (seconds < 60 * 2) return seconds + "s";
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 60 * 3) return minutes + "m";
    long hours = seconds / 3600;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) return hours + "h";
    if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    }
    if (hours < 24 * 365 * 2) return hours / 24 + "d";
    if (hours < 24 * 365 * 8) {
      long dy = (hours / 24) % 365;
      return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
    }
    return hours / 24 / 365 + "y";
  }

  /** One unit only: "45s", "5m", "3h", "12d", "2y". */
  public static String formatShort(Duration d) {
    long seconds = d.getSeconds();
    if (d.isNegative() && d.getNano() != 0) seconds += 1;
    if (seconds < -1) return "<invalid>";
    if (seconds < 0) return "0s";
    if (seconds < 60) return seconds + "s";
    long minutes = seconds / 60;
    if (minutes < 60) return minutes + "m";
    long hours = seconds / 3600;
    if (hours < 24) return hours + "h";
    if (hours < 24 * 365) return hours / 24 + "d";
    return hours / 24 / 365 + "y";
  }
}
