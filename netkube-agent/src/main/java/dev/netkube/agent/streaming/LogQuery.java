package dev.netkube.agent.streaming;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * containerLogs query parameters → {@link LogOptions}, with kubelet's answers for a query it
 * cannot decode (400) or that fails PodLogOptions validation (422). sinceSeconds becomes a
 * sinceTime against the clock, as kubelet does.
 */
final class LogQuery {
  private LogQuery() {}

  static LogOptions parse(Map<String, List<String>> query, Clock clock) throws StreamingException {
    try {
      OptionalLong tail = number(query, "tailLines");
      String legacyTail = first(query, "tail"); // kubelet still honours the old name
      if (!legacyTail.isEmpty()) tail = legacyTail.equals("all") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(legacyTail));
      OptionalLong sinceSeconds = number(query, "sinceSeconds");
      OptionalLong limit = number(query, "limitBytes");
      String sinceTimeText = first(query, "sinceTime");
      Optional<Instant> sinceTime = sinceTimeText.isEmpty() ? Optional.empty()
          : Optional.of(OffsetDateTime.parse(sinceTimeText).toInstant());
      boolean invalid = (tail.isPresent() && tail.getAsLong() < 0)
          || (limit.isPresent() && limit.getAsLong() < 1)
          || (sinceSeconds.isPresent() && sinceSeconds.getAsLong() < 1)
          || (sinceSeconds.isPresent() && sinceTime.isPresent());
      if (invalid) throw new StreamingException(422, "{\"message\": \"Invalid request.\"}");
      if (sinceSeconds.isPresent()) sinceTime = Optional.of(clock.instant().minusSeconds(sinceSeconds.getAsLong()));
      return new LogOptions(flag(query, "follow"), flag(query, "previous"), flag(query, "timestamps"), tail, sinceTime,
          limit);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new StreamingException(400, "{\"message\": \"Unable to decode query.\"}");
    }
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? "" : v.get(0);
  }

  private static boolean flag(Map<String, List<String>> query, String name) {
    String v = first(query, name);
    return v.equals("true") || v.equals("1") || v.equals("True") || v.equals("TRUE") || v.equals("t");
  }

  private static OptionalLong number(Map<String, List<String>> query, String name) {
    String v = first(query, name);
    return v.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v));
  }
}
