package dev.netkube.controllers.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * client-go's event correlation, pure: an event equal to an earlier one (same object, type,
 * reason, message, source) updates that event's count and lastTimestamp instead of making a new
 * one; when one object gets more than 10 different messages for the same reason within 10
 * minutes, further ones are combined into one event "(combined from similar events): ...".
 */
public final class EventCorrelator {
  static final int AGGREGATE_MAX_EVENTS = 10;
  static final Duration AGGREGATE_INTERVAL = Duration.ofMinutes(10);
  static final String COMBINED_PREFIX = "(combined from similar events): ";
  private static final int CACHE_SIZE = 4096;

  /** The parts of an event that decide whether it repeats an earlier one. */
  public record Draft(String source, String host, String objectKey, String type, String reason, String message) {
    String aggregateKey() { return String.join("\u0000", source, host, objectKey, type, reason); }

    String dedupKey(String msg) { return aggregateKey() + "\u0000" + msg; }
  }

  /** What to write: a new event, or a count update of an earlier one. */
  public sealed interface Decision permits Create, Update {}

  public record Create(String message) implements Decision {}

  public record Update(String name, String message, int count, Instant firstTimestamp) implements Decision {}

  private record Seen(String name, int count, Instant firstTimestamp) {}

  private record Messages(Deque<Instant> times, Set<String> distinct) {}

  private final Map<String, Seen> seen = lru();
  private final Map<String, Messages> similar = lru();

  public synchronized Decision correlate(Draft draft, Instant now) {
    String message = draft.message();
    Messages recent = similar.computeIfAbsent(draft.aggregateKey(), k -> new Messages(new ArrayDeque<>(), new HashSet<>()));
    while (!recent.times().isEmpty() && recent.times().peekFirst().plus(AGGREGATE_INTERVAL).isBefore(now)) {
      recent.times().removeFirst();
    }
    if (recent.times().isEmpty()) recent.distinct().clear();
    recent.times().addLast(now);
    recent.distinct().add(message);
    if (recent.distinct().size() > AGGREGATE_MAX_EVENTS) message = COMBINED_PREFIX + message;
    String key = message.startsWith(COMBINED_PREFIX) ? draft.dedupKey(COMBINED_PREFIX) : draft.dedupKey(message);
    Seen earlier = seen.get(key);
    if (earlier == null) return new Create(message);
    return new Update(earlier.name(), message, earlier.count() + 1, earlier.firstTimestamp());
  }

  /** Remembers what was written, so the next equal event updates it. */
  public synchronized void written(Draft draft, Decision decision, String name, Instant firstTimestamp) {
    String message = decision instanceof Create c ? c.message() : ((Update) decision).message();
    String key = message.startsWith(COMBINED_PREFIX) ? draft.dedupKey(COMBINED_PREFIX) : draft.dedupKey(message);
    int count = decision instanceof Update u ? u.count() : 1;
    seen.put(key, new Seen(name, count, firstTimestamp));
  }

  /** Forgets an event that is gone from the API (expired or deleted), so the next one is created anew. */
  public synchronized void forget(Draft draft, Decision decision) {
    String message = decision instanceof Create c ? c.message() : ((Update) decision).message();
    seen.remove(message.startsWith(COMBINED_PREFIX) ? draft.dedupKey(COMBINED_PREFIX) : draft.dedupKey(message));
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) { return size() > CACHE_SIZE; }
    };
  }
}
