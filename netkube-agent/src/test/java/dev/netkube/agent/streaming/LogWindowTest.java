package dev.netkube.agent.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LogWindowTest {
  private static final Instant T = Instant.parse("2026-12-01T10:00:00.123456789Z");

  private static LogEntry entry(int secondsAfter, String text) {
    return new LogEntry(T.plusSeconds(secondsAfter), LogEntry.Stream.STDOUT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Offers the entries as written before the request, then marks caught up, then offers the later ones. */
  private static String run(LogOptions options, List<LogEntry> before, List<LogEntry> after) {
    LogWindow w = new LogWindow(options);
    List<byte[]> out = new ArrayList<>();
    before.forEach(e -> out.addAll(w.offer(e)));
    out.addAll(w.caughtUp());
    after.forEach(e -> out.addAll(w.offer(e)));
    StringBuilder s = new StringBuilder();
    out.forEach(b -> s.append(new String(b, StandardCharsets.UTF_8)));
    return s.toString();
  }

  private static LogOptions options(OptionalLong tail, Optional<Instant> since, OptionalLong limit, boolean timestamps) {
    return new LogOptions(true, false, timestamps, tail, since, limit);
  }

  private final List<LogEntry> three = List.of(entry(0, "a\n"), entry(10, "b\n"), entry(20, "c\n"));

  @Test
  void everythingByDefault() {
    assertThat(run(LogOptions.defaults(), three, List.of(entry(30, "d\n")))).isEqualTo("a\nb\nc\nd\n");
  }

  @Test
  void tailKeepsTheLastLinesWrittenBeforeTheRequestThenFollows() {
    assertThat(run(options(OptionalLong.of(2), Optional.empty(), OptionalLong.empty(), false), three,
        List.of(entry(30, "d\n")))).isEqualTo("b\nc\nd\n");
    assertThat(run(options(OptionalLong.of(0), Optional.empty(), OptionalLong.empty(), false), three,
        List.of(entry(30, "d\n")))).isEqualTo("d\n");
  }

  @Test
  void sinceSkipsOlderEntriesAndLimitCutsBytes() {
    assertThat(run(options(OptionalLong.empty(), Optional.of(T.plusSeconds(10)), OptionalLong.empty(), false), three,
        List.of())).isEqualTo("b\nc\n");
    LogWindow w = new LogWindow(options(OptionalLong.empty(), Optional.empty(), OptionalLong.of(4), false));
    assertThat(w.offer(entry(0, "ab\n"))).hasSize(1);
    assertThat(new String(w.offer(entry(1, "cd\n")).get(0), StandardCharsets.UTF_8)).isEqualTo("c");
    assertThat(w.exhausted()).isTrue();
    assertThat(w.offer(entry(2, "ef\n"))).isEmpty();
  }

  @Test
  void timestampsAreRfc3339WithNanoseconds() {
    assertThat(run(options(OptionalLong.of(1), Optional.empty(), OptionalLong.empty(), true), three, List.of()))
        .isEqualTo("2026-12-01T10:00:20.123456789Z c\n");
  }
}
