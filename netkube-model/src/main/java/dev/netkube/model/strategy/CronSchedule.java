package dev.netkube.model.strategy;

import java.util.Locale;
import java.util.Map;

/**
 * A cron schedule check in the spirit of robfig/cron's ParseStandard (what CronJob validation
 * uses): five fields or a descriptor. Returns the problem, or null when valid.
 */
final class CronSchedule {
  private static final Map<String, String> DESCRIPTORS = Map.of("@yearly", "", "@annually", "", "@monthly", "",
      "@weekly", "", "@daily", "", "@midnight", "", "@hourly", "");
  private static final int[][] BOUNDS = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
  private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

  private CronSchedule() {}

  static String problem(String schedule) {
    String s = schedule.strip();
    if (s.startsWith("@")) {
      if (DESCRIPTORS.containsKey(s) || s.startsWith("@every ")) return null;
      return "unrecognized descriptor: " + s;
    }
    String[] fields = s.isEmpty() ? new String[0] : s.split("\\s+");
    if (fields.length != 5) {
      return "expected exactly 5 fields, found " + fields.length + ": [" + String.join(" ", fields) + "]";
    }
    for (int i = 0; i < 5; i++) {
      String p = field(fields[i], i);
      if (p != null) return p;
    }
    return null;
  }

  private static String field(String field, int index) {
    for (String range : field.split(",", -1)) {
      String[] stepParts = range.split("/", -1);
      if (stepParts.length > 2) return "too many slashes: " + range;
      String lowHigh = stepParts[0];
      if (!lowHigh.equals("*") && !lowHigh.equals("?")) {
        String[] bounds = lowHigh.split("-", -1);
        if (bounds.length > 2) return "too many hyphens: " + lowHigh;
        for (String b : bounds) {
          Integer v = value(b, index);
          if (v == null) return "failed to parse int from " + b + ": strconv.Atoi: parsing \"" + b + "\": invalid syntax";
          if (v < BOUNDS[index][0]) return "beginning of range (" + v + ") below minimum (" + BOUNDS[index][0] + "): " + range;
          if (v > BOUNDS[index][1]) return "end of range (" + v + ") above maximum (" + BOUNDS[index][1] + "): " + range;
        }
      }
      if (stepParts.length == 2) {
        Integer step = value(stepParts[1], -1);
        if (step == null) return "failed to parse int from " + stepParts[1] + ": strconv.Atoi: parsing \"" + stepParts[1] + "\": invalid syntax";
        if (step == 0) return "step of range should be a positive number: " + range;
      }
    }
    return null;
  }

  private static Integer value(String text, int index) {
    String t = text.toLowerCase(Locale.ROOT);
    if (index == 3) for (int i = 0; i < 12; i++) if (MONTHS[i].equals(t)) return i + 1;
    if (index == 4) for (int i = 0; i < 7; i++) if (DAYS[i].equals(t)) return i;
    if (t.isEmpty() || !t.chars().allMatch(Character::isDigit) || t.length() > 9) return null;
    return Integer.parseInt(t);
  }
}
