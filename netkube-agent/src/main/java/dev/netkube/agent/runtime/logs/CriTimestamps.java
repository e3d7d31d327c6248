package dev.netkube.agent.runtime.logs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Go's time.RFC3339Nano, which containerd writes into log files and kubelet prints for {@code --timestamps}:
 * {@code 2016-10-06T00:17:09.669794202Z}, the fraction without trailing zeros and left out when zero. Times are
 * written in UTC.
 */
public final class CriTimestamps {
  private CriTimestamps() {}

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  public static String format(Instant t) {
    StringBuilder s = new StringBuilder(SECONDS.format(t));
    int nanos = t.getNano();
    if (nanos != 0) {
      String frac = String.format("%09d", nanos);
      int end = frac.length();
      while (frac.charAt(end - 1) == '0') end--;
      s.append('.').append(frac, 0, end);
    }
    return s.append('Z').toString();
  }

  public static Instant parse(String s) {
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("timestamp is not in RFC3339Nano format: " + s, e);
    }
  }
}
